package io.querycast.metrics;

import java.time.Duration;
import java.util.Arrays;

/**
 * A fixed-bucket histogram of batch send latencies, small enough to keep one per hour, job and topic and
 * to store as text, and mergeable, so the percentiles of a day or a week come from the merged buckets
 * rather than from averaging hourly percentiles. A percentile is the upper bound of the bucket it falls
 * in, capped at the largest latency seen: never lower than the true value, at most one bucket step higher
 * (the bounds grow by steps of 1-2-3-5-7.5 per decade, so the error is below 50 % and usually near 30 %).
 */
final class LatencyHistogram {

    /** Upper bounds of the buckets, in milliseconds; one more bucket takes everything above the last. */
    static final long[] BOUNDS_MS = {1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000,
            3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000};

    private final long[] counts = new long[BOUNDS_MS.length + 1];
    private long sumMicros;
    private long maxMicros;

    void record(Duration latency) {
        long micros = Math.max(latency.toNanos() / 1_000, 0);
        counts[bucketOf(micros)]++;
        sumMicros += micros;
        maxMicros = Math.max(maxMicros, micros);
    }

    private static int bucketOf(long micros) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (micros <= BOUNDS_MS[i] * 1_000) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    void merge(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        sumMicros += other.sumMicros;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return Arrays.stream(counts).sum();
    }

    long sumMicros() {
        return sumMicros;
    }

    long maxMicros() {
        return maxMicros;
    }

    /** @return the latency below which the share {@code p} (0..1) of the batches fell, in ms; null when empty */
    Double percentileMillis(double p) {
        long total = count();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        double maxMs = maxMicros / 1_000.0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < BOUNDS_MS.length ? Math.min(BOUNDS_MS[i], maxMs) : maxMs;
            }
        }
        return maxMs;
    }

    /** @return the average latency in ms; null when empty */
    Double averageMillis() {
        long total = count();
        return total == 0 ? null : sumMicros / 1_000.0 / total;
    }

    /** The bucket counts as text, trailing empty buckets left out: {@code 0,0,3,12,1}. */
    String encode() {
        int last = counts.length - 1;
        while (last > 0 && counts[last] == 0) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(counts[i]);
        }
        return sb.toString();
    }

    static LatencyHistogram decode(String buckets, long sumMicros, long maxMicros) {
        LatencyHistogram h = new LatencyHistogram();
        if (buckets != null && !buckets.isBlank()) {
            String[] parts = buckets.split(",");
            for (int i = 0; i < parts.length && i < h.counts.length; i++) {
                h.counts[i] = Long.parseLong(parts[i].trim());
            }
        }
        h.sumMicros = sumMicros;
        h.maxMicros = maxMicros;
        return h;
    }
}
