package io.querycast.metrics;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers from the hourly aggregates in the state store, so they survive restarts; what is still in memory
 * is written first, so the answers include the records settled a moment ago. Whole UTC hours are the unit:
 * a period takes every hour that starts in it (and the hour holding its start). The records are the bodies of
 * {@code /api/kafka/metrics/*} (snake_case, as the API writes them; routes/api.yaml names them as outType).
 */
public final class KafkaMetricsQueries {

    private final HourlyMetrics hourly;
    private final Clock clock;

    public KafkaMetricsQueries(HourlyMetrics hourly, Clock clock) {
        this.hourly = hourly;
        this.clock = clock;
    }

    /**
     * The counts of a period, all jobs and topics together.
     *
     * @param errors       records not delivered to their topic: failed plus dead-lettered
     * @param successRate  sent / (sent + errors), 0..1; null when nothing was settled
     * @param avgLatencyMs average batch send latency; null when no batch was sent (also for the percentiles)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Period(Instant from, Instant to, long sent, long errors, long failed, long deadLettered, long bytes,
                         Double successRate, Double avgLatencyMs, Double p50LatencyMs, Double p90LatencyMs, Double p99LatencyMs) {
    }

    /** Today (since midnight in the application's time zone) and the last 7 days. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Summary(Period today, Period last7Days) {
    }

    /** One hour, for all jobs and topics or for the ones asked. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Hour(Instant hour, long rowsRead, long sent, long failed, long deadLettered, long bytes, long batches,
                       Double p50LatencyMs, Double p90LatencyMs, Double p99LatencyMs) {
    }

    /** One topic over the kept aggregates (querycast.metrics.retention-days). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TopicStats(String topic, String kafkaConnection, long sent, long failed, long deadLettered, long bytes,
                             Instant lastSentAt) {
    }

    public Summary summary() {
        hourly.flush();
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, clock.getZone()).atStartOfDay(clock.getZone()).toInstant();
        Instant weekAgo = now.minus(Duration.ofDays(7));
        List<Map.Entry<HourlyMetrics.Key, HourlyMetrics.Counts>> rows = hourly.rowsSince(weekAgo.isBefore(midnight) ? weekAgo : midnight);
        return new Summary(period(rows, midnight, now), period(rows, weekAgo, now));
    }

    private static Period period(List<Map.Entry<HourlyMetrics.Key, HourlyMetrics.Counts>> rows, Instant from, Instant to) {
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        HourlyMetrics.Counts total = new HourlyMetrics.Counts();
        rows.stream().filter(e -> !e.getKey().hour().isBefore(firstHour)).forEach(e -> total.add(e.getValue()));
        long errors = total.failed + total.deadLettered;
        Double rate = total.sent + errors == 0 ? null : (double) total.sent / (total.sent + errors);
        LatencyHistogram l = total.latency;
        return new Period(from, to, total.sent, errors, total.failed, total.deadLettered, total.bytes, rate,
                l.averageMillis(), l.percentileMillis(0.5), l.percentileMillis(0.9), l.percentileMillis(0.99));
    }

    /** The hours of the window ending now that have counts, oldest first, all jobs and topics together. */
    public List<Hour> hourly(Duration window) {
        return hourly(window, null, null);
    }

    /**
     * The hours of the window ending now that have counts, oldest first.
     *
     * @param jobId only this job (null: all)
     * @param topic only this topic (null: all)
     */
    public List<Hour> hourly(Duration window, String jobId, String topic) {
        hourly.flush();
        Map<Instant, HourlyMetrics.Counts> byHour = new TreeMap<>();
        for (Map.Entry<HourlyMetrics.Key, HourlyMetrics.Counts> e : hourly.rowsSince(clock.instant().minus(window))) {
            HourlyMetrics.Key k = e.getKey();
            if ((jobId == null || jobId.equals(k.jobId())) && (topic == null || topic.equals(k.topic()))) {
                byHour.computeIfAbsent(k.hour(), h -> new HourlyMetrics.Counts()).add(e.getValue());
            }
        }
        List<Hour> out = new ArrayList<>(byHour.size());
        byHour.forEach((h, c) -> out.add(new Hour(h, c.rowsRead, c.sent, c.failed, c.deadLettered, c.bytes, c.latency.count(),
                c.latency.percentileMillis(0.5), c.latency.percentileMillis(0.9), c.latency.percentileMillis(0.99))));
        return out;
    }

    /** The hours given added up (hour: the first one's; latency percentiles left out, as hours' percentiles do not add). */
    public static Hour total(List<Hour> hours) {
        return new Hour(hours.isEmpty() ? null : hours.get(0).hour(),
                hours.stream().mapToLong(Hour::rowsRead).sum(), hours.stream().mapToLong(Hour::sent).sum(),
                hours.stream().mapToLong(Hour::failed).sum(), hours.stream().mapToLong(Hour::deadLettered).sum(),
                hours.stream().mapToLong(Hour::bytes).sum(), hours.stream().mapToLong(Hour::batches).sum(), null, null, null);
    }

    /** Per topic (and Kafka connection) over every kept hour, most recently sent first. */
    public List<TopicStats> topics() {
        hourly.flush();
        Map<List<String>, HourlyMetrics.Counts> byTopic = new LinkedHashMap<>();
        for (Map.Entry<HourlyMetrics.Key, HourlyMetrics.Counts> e : hourly.rowsSince(Instant.EPOCH)) {
            byTopic.computeIfAbsent(List.of(e.getKey().topic(), e.getKey().kafkaConnection()), k -> new HourlyMetrics.Counts())
                    .add(e.getValue());
        }
        return byTopic.entrySet().stream()
                .map(e -> new TopicStats(e.getKey().get(0), e.getKey().get(1), e.getValue().sent, e.getValue().failed,
                        e.getValue().deadLettered, e.getValue().bytes, e.getValue().lastSentAt))
                .sorted(Comparator.comparing(TopicStats::lastSentAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(TopicStats::topic))
                .toList();
    }
}
