package io.querycast.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.querycast.feed.FeedMeters;
import io.querycast.job.CronSchedule;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.message.JsonColumns;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed-lag rule reads the feeds' bound-lag gauges: above its limit, a finding per job still configured. */
class FeedLagRuleTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<Double> feedLag = new AtomicReference<>(0.0);
    private final AtomicReference<Double> removedLag = new AtomicReference<>(3600.0);

    private static ExportJob job(String id) {
        return new ExportJob(id, "jobs/" + id + ".yaml", null, true, "q.sql", "db", CronSchedule.parse("*/5 * * * *"), ZoneOffset.UTC,
                Map.of(), "default", "t." + id, "id", 100, false, false, JsonColumns.EMBED, 10_000,
                new ExportJob.Delivery(3, Duration.ofMillis(100), "t." + id + ".DLT", 95.0));
    }

    private FeedLagRule rule(Map<String, String> properties) {
        Gauge.builder(FeedMeters.BOUND_LAG, feedLag, AtomicReference::get).tag("job", "feed").register(registry);
        Gauge.builder(FeedMeters.BOUND_LAG, removedLag, AtomicReference::get).tag("job", "removed").register(registry);
        return new FeedLagRule(AlertSettingsTest.bind(properties), registry, new JobCatalog(List.of(job("feed"))));
    }

    @Test
    void aBoundLaggingPastTheLimitIsAFindingOfItsJobOnly() {
        FeedLagRule rule = rule(Map.of("querycast.alerts.rules.feed-lag.max-latency", "30s"));
        assertThat(rule.evaluate(Instant.now())).as("lag 0 s").isEmpty();

        feedLag.set(31.5);
        assertThat(rule.evaluate(Instant.now())).singleElement().satisfies(f -> {
            assertThat(f.labels()).containsEntry("job", "feed");
            assertThat(f.summary()).startsWith("feed bound ").contains("> 30s");
        });

        feedLag.set(29.0);
        assertThat(rule.evaluate(Instant.now())).as("back under the limit: the alert can recover").isEmpty();
    }

    @Test
    void defaultsAreFiveMinutesForFiveMinutes() {
        FeedLagRule rule = rule(Map.of());
        assertThat(rule.settings().maxLatency()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.settings().holdFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(AlertSettingsTest.errorOf(Map.of("querycast.alerts.rules.feed-lag.threshold", "5"), FeedLagRule.NAME, FeedLagRule.DEFAULTS))
                .contains("feed-lag.threshold: this rule does not take it");
    }
}
