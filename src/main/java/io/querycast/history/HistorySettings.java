package io.querycast.history;

import io.querycast.config.ConfigException;

import java.time.Duration;

/**
 * How long runs stay in the history ({@code querycast.history.*} in application.yaml).
 *
 * @param retentionDays runs that started longer ago are deleted, at start and once a day (1..36500), default 90
 */
public record HistorySettings(Integer retentionDays) {

    public static final HistorySettings STANDARD = new HistorySettings(null);

    public HistorySettings {
        retentionDays = retentionDays == null ? 90 : retentionDays;
        if (retentionDays < 1 || retentionDays > 36_500) {
            throw new ConfigException("querycast.history.retention-days must be between 1 and 36500 (got " + retentionDays + ")");
        }
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }
}
