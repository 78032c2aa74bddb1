package io.querycast.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code querycast_feed_bound_lag_seconds{job}}: how far behind now the rows a poll could prove final ended
 * (a long-open transaction shows here: the feed waits for it). {@code querycast_feed_duplicates_suppressed_total{job}}:
 * rows read again in the overlap and left out.
 */
public final class FeedMeters {

    public static final String BOUND_LAG = "querycast.feed.bound.lag";
    public static final String SUPPRESSED = "querycast.feed.duplicates.suppressed";

    private final MeterRegistry registry;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    public FeedMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(String jobId, FeedMemory memory) {
        if (watched.add(jobId)) {
            Gauge.builder(BOUND_LAG, memory, m -> m.lag().toMillis() / 1000.0).baseUnit("seconds").tag("job", jobId)
                    .description("lag of an incremental job's poll bound behind now").register(registry);
        }
    }

    void suppressed(String jobId, long n) {
        Counter.builder(SUPPRESSED).tag("job", jobId).description("rows read again in a feed's overlap and left out").register(registry).increment(n);
    }
}
