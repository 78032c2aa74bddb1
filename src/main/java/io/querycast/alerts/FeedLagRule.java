package io.querycast.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.feed.FeedMeters;
import io.querycast.job.JobCatalog;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental feed is held back: the bound of its polls ({@code querycast_feed_bound_lag_seconds{job}}, how far
 * behind now the rows a poll could prove final end, e.g. because a write transaction stays open) stayed above
 * {@code max-latency} for {@code for}. The feed loses nothing while it waits, but its consumers see data that old.
 */
@Component
public final class FeedLagRule extends ConfiguredRule {

    static final String NAME = "feed-lag";
    static final RuleSettings DEFAULTS = new RuleSettings(true, null, Duration.ofMinutes(5), null, Duration.ofMinutes(5), null, null);

    private final MeterRegistry registry;
    private final JobCatalog jobs;

    public FeedLagRule(AlertSettings alerts, MeterRegistry registry, JobCatalog jobs) {
        super(NAME, DEFAULTS, alerts);
        this.registry = registry;
        this.jobs = jobs;
    }

    @Override
    public String description() {
        return "an incremental job's poll bound stayed more than " + Texts.duration(settings.maxLatency()) + " behind now for "
                + Texts.duration(settings.holdForOrZero());
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (Gauge g : registry.find(FeedMeters.BOUND_LAG).gauges()) {
            String job = g.getId().getTag("job");
            // a job removed by live reload keeps its gauge, not its alert
            if (job == null || jobs.find(job).isEmpty()) {
                continue;
            }
            double seconds = g.value();
            if (!Double.isNaN(seconds) && seconds * 1000 > settings.maxLatency().toMillis()) {
                out.add(Finding.job(job, "feed bound " + Texts.duration(Duration.ofMillis((long) (seconds * 1000))) + " behind now > "
                        + Texts.duration(settings.maxLatency()) + " (an open write transaction on the source holds the feed back)"));
            }
        }
        return out;
    }
}
