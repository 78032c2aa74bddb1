package io.querycast.config;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.Duration;

/**
 * How runs are kept in the history ({@code querycast.history.*} in application.yaml).
 *
 * @param retentionDays      runs that started longer ago are deleted, at start and once a day (1..36500), default 90
 * @param checkpointInterval how often the counts of this instance's running runs are written (besides every progress
 *                           mark), default 5 s (1 s..5 min)
 * @param orphanAfter        a running run not checkpointed for this long was left by a process that died: any instance
 *                           closes it as interrupted; default 30 s, at least 3 checkpoint intervals
 */
public record HistorySettings(Integer retentionDays, Duration checkpointInterval, Duration orphanAfter) {

    public static final HistorySettings STANDARD = new HistorySettings(null, null, null);

    @ConstructorBinding
    public HistorySettings {
        retentionDays = retentionDays == null ? 90 : retentionDays;
        if (retentionDays < 1 || retentionDays > 36_500) {
            throw new ConfigException("querycast.history.retention-days must be between 1 and 36500 (got " + retentionDays + ")");
        }
        checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(5) : checkpointInterval;
        if (checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0 || checkpointInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ConfigException("querycast.history.checkpoint-interval must be between 1s and 5m (got " + checkpointInterval + ")");
        }
        orphanAfter = orphanAfter == null ? checkpointInterval.multipliedBy(6) : orphanAfter;
        if (orphanAfter.compareTo(checkpointInterval.multipliedBy(3)) < 0) {
            // a checkpoint late by a GC pause or a slow store must not get a live run closed by another instance
            throw new ConfigException("querycast.history.orphan-after (" + orphanAfter + ") must be at least 3 times"
                    + " querycast.history.checkpoint-interval (" + checkpointInterval + ")");
        }
    }

    public HistorySettings(Integer retentionDays) {
        this(retentionDays, null, null);
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    public HistorySettings withRetention(Duration retention) {
        return new HistorySettings((int) retention.toDays(), checkpointInterval, orphanAfter);
    }
}
