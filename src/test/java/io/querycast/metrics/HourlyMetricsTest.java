package io.querycast.metrics;

import io.querycast.config.Secret;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.config.StateStoreSettings;
import io.querycast.support.StateDatabases;
import io.querycast.support.StateDatabases.StateDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Hourly aggregates and the queries on them, on both state stores: an H2 file and a real PostgreSQL. */
class HourlyMetricsTest {

    static final Instant T0 = Instant.parse("2026-03-10T08:15:00Z");

    @TempDir
    static Path dir;

    private final List<StateStore> stores = new ArrayList<>();


    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Stream<StateDatabase> databases() {
        return StateDatabases.fresh("metrics", dir);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(StateStore::close);
    }

    /** As the application starts it: the run history's start brings the schema up to date, then the metrics prune. */
    private HourlyMetrics started(StateDatabase db, Clock clock, int retentionDays) {
        StateStore store = new StateStore(new StateStoreSettings(db.url(), null, Secret.none(), "test-instance"));
        stores.add(store);
        new JdbcRunHistory(store.dataSource(), "test-instance", Duration.ofDays(90), clock).start();
        HourlyMetrics hourly = new HourlyMetrics(store.dataSource(), Duration.ofDays(retentionDays), clock);
        hourly.start();
        return hourly;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void flushesAddUpPerHourJobAndTopicAndSurviveANewStore(StateDatabase db) {
        TestClock clock = new TestClock(T0);
        HourlyMetrics hourly = started(db, clock, 30);
        hourly.rowsRead("job-a", "default", "topic.a", 5);
        hourly.sent("job-a", "default", "topic.a", 4, 400);
        hourly.deadLettered("job-a", "default", "topic.a", 1);
        hourly.batch("job-a", "default", "topic.a", Duration.ofMillis(12));
        hourly.flush();
        // same hour, second flush: added to the row
        clock.now = T0.plusSeconds(600);
        hourly.rowsRead("job-a", "default", "topic.a", 3);
        hourly.sent("job-a", "default", "topic.a", 2, 200);
        hourly.failed("job-a", "default", "topic.a", 1);
        hourly.batch("job-a", "default", "topic.a", Duration.ofMillis(180));
        hourly.flush();
        hourly.flush();
        // next hour, another job on another topic
        clock.now = T0.plusSeconds(3600);
        hourly.rowsRead("job-b", "default", "topic.b", 1);
        hourly.sent("job-b", "default", "topic.b", 1, 50);
        hourly.batch("job-b", "default", "topic.b", Duration.ofMillis(2));
        hourly.flush();

        JdbcTemplate jdbc = new JdbcTemplate(stores.get(0).dataSource());
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT job_id, topic, rows_read, sent, failed, dead_lettered, bytes, batches,"
                + " latency_p50_ms, latency_p99_ms FROM querycast_metrics_hourly ORDER BY hour_start");
        assertThat(rows).hasSize(2);
        Map<String, Object> a = lower(rows.get(0));
        assertThat(a).containsEntry("job_id", "job-a").containsEntry("topic", "topic.a");
        assertThat(((Number) a.get("rows_read")).longValue()).isEqualTo(8);
        assertThat(((Number) a.get("sent")).longValue()).isEqualTo(6);
        assertThat(((Number) a.get("failed")).longValue()).isEqualTo(1);
        assertThat(((Number) a.get("dead_lettered")).longValue()).isEqualTo(1);
        assertThat(((Number) a.get("bytes")).longValue()).isEqualTo(600);
        assertThat(((Number) a.get("batches")).longValue()).isEqualTo(2);
        assertThat(((Number) a.get("latency_p50_ms")).doubleValue()).isEqualTo(15.0);
        assertThat(((Number) a.get("latency_p99_ms")).doubleValue()).isEqualTo(180.0);

        // a restarted application reads the same
        KafkaMetricsQueries queries = new KafkaMetricsQueries(started(db, clock, 30), clock);
        KafkaMetricsQueries.Summary summary = queries.summary();
        assertThat(summary.last7Days().sent()).isEqualTo(7);
        assertThat(summary.last7Days().errors()).isEqualTo(2);
        assertThat(summary.last7Days().successRate()).isEqualTo(7 / 9.0);
        assertThat(summary.last7Days().avgLatencyMs()).isCloseTo((12 + 180 + 2) / 3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(summary.last7Days().p99LatencyMs()).isEqualTo(180.0);
        assertThat(summary.today().sent()).isEqualTo(7);

        assertThat(queries.hourly(Duration.ofHours(24))).extracting(KafkaMetricsQueries.Hour::sent).containsExactly(6L, 1L);
        assertThat(queries.hourly(Duration.ofHours(24), "job-b", null)).singleElement()
                .satisfies(h -> assertThat(h.hour()).isEqualTo(Instant.parse("2026-03-10T09:00:00Z")));
        assertThat(queries.topics()).extracting(KafkaMetricsQueries.TopicStats::topic).containsExactly("topic.b", "topic.a");
        KafkaMetricsQueries.TopicStats topicA = queries.topics().get(1);
        assertThat(topicA.sent()).isEqualTo(6);
        assertThat(topicA.bytes()).isEqualTo(600);
        assertThat(topicA.lastSentAt()).isEqualTo(T0.plusSeconds(600));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void hoursOlderThanTheRetentionArePruned(StateDatabase db) {
        TestClock clock = new TestClock(T0);
        HourlyMetrics hourly = started(db, clock, 30);
        hourly.sent("job-a", "default", "topic.a", 1, 10);
        hourly.flush();
        clock.now = T0.plus(Duration.ofDays(20));
        hourly.sent("job-a", "default", "topic.a", 2, 20);
        hourly.flush();

        clock.now = T0.plus(Duration.ofDays(31));
        assertThat(hourly.prune()).isEqualTo(1);
        KafkaMetricsQueries queries = new KafkaMetricsQueries(hourly, clock);
        assertThat(queries.topics()).singleElement().satisfies(t -> assertThat(t.sent()).isEqualTo(2));
        assertThat(hourly.prune()).isZero();

        // pruning at start, with a shorter retention: the hour of day 20 is kept 5 days
        clock.now = T0.plus(Duration.ofDays(24));
        started(db, clock, 5);
        JdbcTemplate jdbc = new JdbcTemplate(stores.get(0).dataSource());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM querycast_metrics_hourly", Integer.class)).isEqualTo(1);
        clock.now = T0.plus(Duration.ofDays(26));
        started(db, clock, 5);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM querycast_metrics_hourly", Integer.class)).isZero();
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> out = new java.util.HashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }
}
