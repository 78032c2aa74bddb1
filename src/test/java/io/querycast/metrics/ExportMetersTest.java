package io.querycast.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.querycast.config.Secret;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.config.StateStoreSettings;
import io.querycast.run.RunMeters;
import io.querycast.run.RunStatus;
import io.querycast.run.TestRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters a run feeds, on a simple registry and an in-memory state store, with a clock the test moves. */
class ExportMetersTest {

    static final Instant T0 = Instant.parse("2026-03-10T08:15:00Z");

    StateStore store;
    HourlyMetricsTest.TestClock clock = new HourlyMetricsTest.TestClock(T0);
    MeterRegistry registry = new SimpleMeterRegistry();
    ExportMeters meters;

    @BeforeEach
    void setUp() {
        store = new StateStore(new StateStoreSettings("jdbc:h2:mem:meters-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", Secret.none(), "t"));
        new JdbcRunHistory(store.dataSource(), "t", Duration.ofDays(90), clock).start();
        HourlyMetrics hourly = new HourlyMetrics(store.dataSource(), Duration.ofDays(30), clock);
        meters = new ExportMeters(registry, hourly, clock, Duration.ofMinutes(15), List.of());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void countsPerJobTopicAndConnectionAndRunDurationPerStatus() {
        // TestRuns.job("a"): topic "topic.a", Kafka connection "kafka-a"
        RunMeters run = meters.open(TestRuns.job("a"));
        run.rowsRead(5);
        run.sent(3, 300);
        run.deadLettered(1);
        run.failedUnknown(1);
        run.batchDelivered(Duration.ofMillis(40));
        run.finished(RunStatus.PARTIAL, Duration.ofSeconds(2));

        assertThat(count(ExportMeters.ROWS_READ)).isEqualTo(5);
        assertThat(count(ExportMeters.RECORDS_SENT)).isEqualTo(3);
        assertThat(count(ExportMeters.BYTES_SENT)).isEqualTo(300);
        assertThat(count(ExportMeters.RECORDS_DEAD_LETTERED)).isEqualTo(1);
        assertThat(count(ExportMeters.RECORDS_FAILED)).isEqualTo(1);
        assertThat(registry.get(ExportMeters.BATCH_SEND).tags("job", "a", "topic", "topic.a", "kafka_connection", "kafka-a").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(ExportMeters.BATCH_LATENCY).tag("job", "a").timer().count()).isEqualTo(1);
        assertThat(registry.get(ExportMeters.RUN_DURATION).tags("job", "a", "status", "partial").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(2.0);
        // the end of the run wrote the hour
        KafkaMetricsQueries.Hour hour = KafkaMetricsQueries.total(new KafkaMetricsQueries(new HourlyMetrics(store.dataSource(), Duration.ofDays(30), clock), clock)
                .hourly(Duration.ofHours(1)));
        assertThat(List.of(hour.rowsRead(), hour.sent(), hour.failed(), hour.deadLettered(), hour.bytes(), hour.batches()))
                .containsExactly(5L, 3L, 1L, 1L, 300L, 1L);
    }

    @Test
    void theProducerIsUpWhileItsLastAcknowledgedRecordIsRecentAndNothingFailedSince() {
        RunMeters run = meters.open(TestRuns.job("a"));
        assertThat(up()).as("no send yet").isZero();
        run.sent(1, 10);
        assertThat(up()).isEqualTo(1.0);
        assertThat(registry.get(ExportMeters.PRODUCER_LAST_SUCCESS).tag("kafka_connection", "kafka-a").gauge().value())
                .isEqualTo(T0.getEpochSecond());

        run.failedUnknown(3);
        assertThat(up()).as("an unknown outcome says nothing about the producer").isEqualTo(1.0);

        clock.now = T0.plus(Duration.ofMinutes(16));
        assertThat(up()).as("nothing acknowledged for longer than the window").isZero();

        run.sent(1, 10);
        assertThat(up()).isEqualTo(1.0);
        clock.now = clock.now.plusSeconds(1);
        run.failed(1);
        assertThat(up()).as("a record Kafka did not take").isZero();
        assertThat(registry.get(ExportMeters.PRODUCER_LAST_FAILURE).tag("kafka_connection", "kafka-a").gauge().value())
                .isEqualTo(clock.now.getEpochSecond());
    }

    private Double up() {
        var gauge = registry.find(ExportMeters.PRODUCER_UP).tag("kafka_connection", "kafka-a").gauge();
        return gauge == null ? null : gauge.value();
    }

    private long count(String name) {
        return (long) registry.get(name).tags("job", "a", "topic", "topic.a", "kafka_connection", "kafka-a").counter().count();
    }
}
