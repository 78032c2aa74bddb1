package io.querycast.job;

import io.querycast.config.ConfigException;

/**
 * Values a job file may leave out, set once for all jobs ({@code querycast.defaults.*} in application.yaml).
 *
 * @param batchSize        rows per batch (1..10000), default 100
 * @param maxRetries       re-sends of a record after a retriable failure (0..20), default 3
 * @param retryBackoffMs   wait before the first re-send, doubled for each further one (1..600000), default 100
 * @param successThreshold percentage of rows sent below which a run is {@code failed} (0..100), default 95.0
 */
public record JobDefaults(Integer batchSize, Integer maxRetries, Integer retryBackoffMs, Double successThreshold) {

    public static final JobDefaults STANDARD = new JobDefaults(null, null, null, null);

    public JobDefaults {
        batchSize = check("batch-size", batchSize == null ? 100 : batchSize, 1, 10_000);
        maxRetries = check("max-retries", maxRetries == null ? 3 : maxRetries, 0, 20);
        retryBackoffMs = check("retry-backoff-ms", retryBackoffMs == null ? 100 : retryBackoffMs, 1, 600_000);
        successThreshold = successThreshold == null ? 95.0 : successThreshold;
        if (!(successThreshold >= 0 && successThreshold <= 100)) {
            throw new ConfigException("querycast.defaults.success-threshold must be between 0 and 100 (got " + successThreshold + ")");
        }
    }

    private static int check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException("querycast.defaults." + name + " must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }
}
