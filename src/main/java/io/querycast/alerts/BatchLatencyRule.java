package io.querycast.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.metrics.ExportMeters;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka is slow to take a job's batches: the p99 of its batch send times ({@code querycast_batch_latency_seconds
 * {quantile="0.99"}}, over Micrometer's sliding window, about the last 2 minutes:
 * {@code management.metrics.distribution.expiry}) stayed above {@code max-latency} for {@code for}.
 */
@Component
public final class BatchLatencyRule extends ConfiguredRule {

    static final String NAME = "batch-latency";
    static final RuleSettings DEFAULTS = new RuleSettings(true, null, Duration.ofSeconds(5), null, Duration.ofMinutes(10), null, null);

    private final MeterRegistry registry;
    private final JobCatalog jobs;

    public BatchLatencyRule(AlertSettings alerts, MeterRegistry registry, JobCatalog jobs) {
        super(NAME, DEFAULTS, alerts);
        this.registry = registry;
        this.jobs = jobs;
    }

    @Override
    public String description() {
        return "the p99 of a job's batch send times stayed above " + Texts.duration(settings.maxLatency()) + " for "
                + Texts.duration(settings.holdForOrZero());
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (ExportJob job : jobs.all()) {
            double p99 = 0;
            for (Timer t : registry.find(ExportMeters.BATCH_LATENCY).tag("job", job.id()).timers()) {
                for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                    if (v.percentile() == 0.99) {
                        p99 = Math.max(p99, v.value(TimeUnit.MILLISECONDS));
                    }
                }
            }
            if (p99 > settings.maxLatency().toMillis()) {
                out.add(Finding.job(job.id(), "p99 batch latency " + Texts.duration(Duration.ofMillis((long) p99)) + " > "
                        + Texts.duration(settings.maxLatency()) + " (topic " + job.topic() + ", Kafka connection " + job.kafkaConnection() + ")"));
            }
        }
        return out;
    }
}
