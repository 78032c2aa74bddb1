package io.querycast.config;

import org.slf4j.LoggerFactory;

/**
 * Values a job file may leave out, set once for all jobs ({@code querycast.defaults.*} in application.yaml).
 *
 * @param batchSize         rows per batch (1..10000), default 100
 * @param maxRedeliveries   Camel redeliveries of a batch's records that failed with a retriable Kafka error, on top of
 *                          the producer's own retries (0..20), default 3
 * @param redeliveryDelayMs wait before the first redelivery, doubled for each further one (1..600000), default 100
 * @param successThreshold  percentage of rows sent below which a run is {@code failed} (0..100), default 95.0
 * @param maxRetries        deprecated name of {@code maxRedeliveries} ({@code querycast.defaults.max-retries})
 * @param retryBackoffMs    deprecated name of {@code redeliveryDelayMs} ({@code querycast.defaults.retry-backoff-ms})
 */
public record JobDefaults(Integer batchSize, Integer maxRedeliveries, Integer redeliveryDelayMs, Double successThreshold,
                          @Deprecated Integer maxRetries, @Deprecated Integer retryBackoffMs) {

    public static final JobDefaults STANDARD = new JobDefaults(null, null, null, null);

    public JobDefaults {
        maxRedeliveries = renamed("max-retries", maxRetries, "max-redeliveries", maxRedeliveries);
        redeliveryDelayMs = renamed("retry-backoff-ms", retryBackoffMs, "redelivery-delay-ms", redeliveryDelayMs);
        batchSize = check("batch-size", batchSize == null ? 100 : batchSize, 1, 10_000);
        maxRedeliveries = check("max-redeliveries", maxRedeliveries == null ? 3 : maxRedeliveries, 0, 20);
        redeliveryDelayMs = check("redelivery-delay-ms", redeliveryDelayMs == null ? 100 : redeliveryDelayMs, 1, 600_000);
        successThreshold = successThreshold == null ? 95.0 : successThreshold;
        if (!(successThreshold >= 0 && successThreshold <= 100)) {
            throw new ConfigException("querycast.defaults.success-threshold must be between 0 and 100 (got " + successThreshold + ")");
        }
        maxRetries = null;
        retryBackoffMs = null;
    }

    public JobDefaults(Integer batchSize, Integer maxRedeliveries, Integer redeliveryDelayMs, Double successThreshold) {
        this(batchSize, maxRedeliveries, redeliveryDelayMs, successThreshold, null, null);
    }

    private static Integer renamed(String old, Integer oldValue, String current, Integer value) {
        if (oldValue == null) {
            return value;
        }
        if (value != null) {
            throw new ConfigException("querycast.defaults." + old + " and querycast.defaults." + current + " are both set: "
                    + old + " is the deprecated name of " + current + ", keep only " + current);
        }
        LoggerFactory.getLogger(JobDefaults.class).warn("querycast.defaults.{} is deprecated: use querycast.defaults.{} (same meaning)", old, current);
        return oldValue;
    }

    private static int check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException("querycast.defaults." + name + " must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }
}
