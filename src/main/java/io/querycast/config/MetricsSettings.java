package io.querycast.config;


import java.time.Duration;

/**
 * Metrics kept by Querycast ({@code querycast.metrics.*} in application.yaml).
 *
 * @param retentionDays          hourly aggregates older than this are deleted, at start and once a day (1..36500), default 30
 * @param producerHealthMinutes  a Kafka connection counts as up while its last acknowledged record is at most this old
 *                               and no record failed since (1..10080), default 15
 * @param flushIntervalSeconds   how often the hourly aggregates in memory are written to the state store (5..3600), default 60;
 *                               the end of every run writes them too
 */
public record MetricsSettings(Integer retentionDays, Integer producerHealthMinutes, Integer flushIntervalSeconds) {

    public static final MetricsSettings STANDARD = new MetricsSettings(null, null, null);

    public MetricsSettings {
        retentionDays = retentionDays == null ? 30 : retentionDays;
        producerHealthMinutes = producerHealthMinutes == null ? 15 : producerHealthMinutes;
        flushIntervalSeconds = flushIntervalSeconds == null ? 60 : flushIntervalSeconds;
        check("retention-days", retentionDays, 1, 36_500);
        check("producer-health-minutes", producerHealthMinutes, 1, 10_080);
        check("flush-interval-seconds", flushIntervalSeconds, 5, 3_600);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException("querycast.metrics." + name + " must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    public Duration producerHealthWindow() {
        return Duration.ofMinutes(producerHealthMinutes);
    }
}
