package io.querycast.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Hourly aggregates per (UTC hour, job, Kafka connection, topic) in the state store's
 * {@code querycast_metrics_hourly} table. Counts are accumulated in memory as records are settled and
 * written (added to the hour's row) at the end of every run, every {@code flush-interval-seconds} and when
 * the application stops; rows older than the retention are deleted at start and once a day.
 */
public final class HourlyMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(HourlyMetrics.class);
    static final String COLUMNS = "hour_start, job_id, kafka_connection, topic, rows_read, sent, failed, dead_lettered, bytes,"
            + " batches, latency_sum_us, latency_max_us, latency_p50_ms, latency_p90_ms, latency_p99_ms, latency_buckets, last_sent_at";

    /** One row of the table (or the part of it not yet written). */
    record Key(Instant hour, String jobId, String kafkaConnection, String topic) {
    }

    /** The counts of one key; a row read back, or what accumulated since the last write. */
    static final class Counts {
        long rowsRead;
        long sent;
        long failed;
        long deadLettered;
        long bytes;
        Instant lastSentAt;
        LatencyHistogram latency;

        Counts() {
            this(new LatencyHistogram());
        }

        Counts(LatencyHistogram latency) {
            this.latency = latency;
        }

        /** Takes out everything counted so far, leaving this empty; writers lock on this object too. */
        synchronized Counts drain() {
            Counts d = new Counts(latency);
            d.rowsRead = rowsRead;
            d.sent = sent;
            d.failed = failed;
            d.deadLettered = deadLettered;
            d.bytes = bytes;
            d.lastSentAt = lastSentAt;
            rowsRead = sent = failed = deadLettered = bytes = 0;
            lastSentAt = null;
            latency = new LatencyHistogram();
            return d;
        }

        boolean isEmpty() {
            return rowsRead == 0 && sent == 0 && failed == 0 && deadLettered == 0 && bytes == 0 && latency.count() == 0;
        }

        void add(Counts o) {
            rowsRead += o.rowsRead;
            sent += o.sent;
            failed += o.failed;
            deadLettered += o.deadLettered;
            bytes += o.bytes;
            latency.merge(o.latency);
            if (o.lastSentAt != null && (lastSentAt == null || o.lastSentAt.isAfter(lastSentAt))) {
                lastSentAt = o.lastSentAt;
            }
        }
    }

    private final DataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Duration retention;
    private final Clock clock;
    private final Map<Key, Counts> pending = new ConcurrentHashMap<>();

    public HourlyMetrics(DataSource dataSource, Duration retention, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.retention = retention;
        this.clock = clock;
    }

    /** The table is created by the state store's schema steps (run history start); this prunes at start. */
    public void start() {
        prune();
    }

    Instant now() {
        return clock.instant();
    }

    private Counts current(String jobId, String kafkaConnection, String topic) {
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        return pending.computeIfAbsent(new Key(hour, jobId, kafkaConnection, topic), k -> new Counts());
    }

    void rowsRead(String jobId, String kafkaConnection, String topic, long n) {
        Counts c = current(jobId, kafkaConnection, topic);
        synchronized (c) {
            c.rowsRead += n;
        }
    }

    void sent(String jobId, String kafkaConnection, String topic, long records, long bytes) {
        Counts c = current(jobId, kafkaConnection, topic);
        Instant now = clock.instant();
        synchronized (c) {
            c.sent += records;
            c.bytes += bytes;
            c.lastSentAt = now;
        }
    }

    void failed(String jobId, String kafkaConnection, String topic, long n) {
        Counts c = current(jobId, kafkaConnection, topic);
        synchronized (c) {
            c.failed += n;
        }
    }

    void deadLettered(String jobId, String kafkaConnection, String topic, long n) {
        Counts c = current(jobId, kafkaConnection, topic);
        synchronized (c) {
            c.deadLettered += n;
        }
    }

    void batch(String jobId, String kafkaConnection, String topic, Duration latency) {
        Counts c = current(jobId, kafkaConnection, topic);
        synchronized (c) {
            c.latency.record(latency);
        }
    }

    /**
     * Adds what accumulated in memory to the table. What cannot be written stays in memory for the next
     * flush (and is lost only if the application stops before the state store is back).
     */
    @Scheduled(initialDelayString = "${querycast.metrics.flush-interval-seconds:60}",
            fixedDelayString = "${querycast.metrics.flush-interval-seconds:60}", timeUnit = TimeUnit.SECONDS)
    public synchronized void flush() {
        Instant previousHour = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        for (Map.Entry<Key, Counts> e : pending.entrySet()) {
            Key key = e.getKey();
            Counts live = e.getValue();
            Counts drained = live.drain();
            if (drained.isEmpty()) {
                // a writer can only still hold the entry of the current or the previous hour
                if (key.hour().isBefore(previousHour)) {
                    pending.remove(key, live);
                }
                continue;
            }
            try {
                tx.executeWithoutResult(status -> write(key, drained));
            } catch (DataAccessException | IllegalStateException ex) {
                LOG.warn("Metrics: hourly aggregates of {} could not be written, kept for the next flush: {}", key, ex.getMessage());
                synchronized (live) {
                    live.add(drained);
                }
            }
        }
    }

    private void write(Key key, Counts delta) {
        MapSqlParameterSource k = keyParams(key);
        List<Counts> existing = jdbc.query("SELECT " + COLUMNS + " FROM querycast_metrics_hourly WHERE hour_start = :hour"
                + " AND job_id = :job AND kafka_connection = :kafka AND topic = :topic FOR UPDATE", k, (rs, n) -> counts(rs));
        Counts total = existing.isEmpty() ? new Counts() : existing.get(0);
        total.add(delta);
        MapSqlParameterSource p = values(k, total);
        if (existing.isEmpty()) {
            jdbc.update("INSERT INTO querycast_metrics_hourly (" + COLUMNS + ", updated_at) VALUES (:hour, :job, :kafka, :topic,"
                    + " :rowsRead, :sent, :failed, :deadLettered, :bytes, :batches, :sumUs, :maxUs, :p50, :p90, :p99, :buckets,"
                    + " :lastSentAt, :updatedAt)", p);
        } else {
            jdbc.update("UPDATE querycast_metrics_hourly SET rows_read = :rowsRead, sent = :sent, failed = :failed,"
                    + " dead_lettered = :deadLettered, bytes = :bytes, batches = :batches, latency_sum_us = :sumUs,"
                    + " latency_max_us = :maxUs, latency_p50_ms = :p50, latency_p90_ms = :p90, latency_p99_ms = :p99,"
                    + " latency_buckets = :buckets, last_sent_at = :lastSentAt, updated_at = :updatedAt"
                    + " WHERE hour_start = :hour AND job_id = :job AND kafka_connection = :kafka AND topic = :topic", p);
        }
    }

    private static MapSqlParameterSource keyParams(Key key) {
        return new MapSqlParameterSource("hour", timestamp(key.hour()))
                .addValue("job", key.jobId())
                .addValue("kafka", key.kafkaConnection())
                .addValue("topic", key.topic());
    }

    private MapSqlParameterSource values(MapSqlParameterSource key, Counts c) {
        return key.addValue("rowsRead", c.rowsRead)
                .addValue("sent", c.sent)
                .addValue("failed", c.failed)
                .addValue("deadLettered", c.deadLettered)
                .addValue("bytes", c.bytes)
                .addValue("batches", c.latency.count())
                .addValue("sumUs", c.latency.sumMicros())
                .addValue("maxUs", c.latency.maxMicros())
                .addValue("p50", c.latency.percentileMillis(0.5), Types.DOUBLE)
                .addValue("p90", c.latency.percentileMillis(0.9), Types.DOUBLE)
                .addValue("p99", c.latency.percentileMillis(0.99), Types.DOUBLE)
                .addValue("buckets", c.latency.encode())
                .addValue("lastSentAt", c.lastSentAt == null ? null : timestamp(c.lastSentAt), Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("updatedAt", timestamp(clock.instant()));
    }

    /** The rows whose hour starts at or after {@code from} (hour rows are whole: the hour holding {@code from} is included). */
    List<Map.Entry<Key, Counts>> rowsSince(Instant from) {
        return jdbc.query("SELECT " + COLUMNS + " FROM querycast_metrics_hourly WHERE hour_start >= :from ORDER BY hour_start",
                new MapSqlParameterSource("from", timestamp(from.truncatedTo(ChronoUnit.HOURS))),
                (rs, n) -> Map.entry(key(rs), counts(rs)));
    }

    /** Deletes the hours older than the retention; at start and once a day. */
    @Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.DAYS)
    public int prune() {
        Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.HOURS);
        int deleted = jdbc.update("DELETE FROM querycast_metrics_hourly WHERE hour_start < :cutoff",
                new MapSqlParameterSource("cutoff", timestamp(cutoff)));
        if (deleted > 0) {
            LOG.info("Metrics: {} hourly aggregate row(s) before {} deleted (retention {} days)", deleted, cutoff, retention.toDays());
        }
        return deleted;
    }

    /** Writes what is left when the application stops. */
    public void close() {
        flush();
    }

    private static Key key(ResultSet rs) throws SQLException {
        return new Key(instant(rs, "hour_start"), rs.getString("job_id"), rs.getString("kafka_connection"), rs.getString("topic"));
    }

    private static Counts counts(ResultSet rs) throws SQLException {
        Counts c = new Counts(LatencyHistogram.decode(rs.getString("latency_buckets"), rs.getLong("latency_sum_us"), rs.getLong("latency_max_us")));
        c.rowsRead = rs.getLong("rows_read");
        c.sent = rs.getLong("sent");
        c.failed = rs.getLong("failed");
        c.deadLettered = rs.getLong("dead_lettered");
        c.bytes = rs.getLong("bytes");
        c.lastSentAt = instant(rs, "last_sent_at");
        return c;
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    DataSource dataSource() {
        return dataSource;
    }
}
