package io.querycast.api;

import com.github.benmanes.caffeine.cache.Ticker;
import io.querycast.api.ConnectionProbes.DatabaseProbe;
import io.querycast.api.ConnectionProbes.KafkaProbe;
import io.querycast.api.ConnectionStatus.Checked;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.DatabaseType;
import io.querycast.config.KafkaConnection;
import io.querycast.config.KafkaConnection.SecurityProtocol;
import io.querycast.config.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes kept for their maximum age, shared by the callers that ask while one runs, and run side by side. */
class ConnectionStatusTest {

    static final KafkaConnection CLUSTER = new KafkaConnection("default", "broker:9092", SecurityProtocol.PLAINTEXT, null, null,
            Secret.none(), null, Map.of());
    static final DatabaseConnection DB = new DatabaseConnection("events", DatabaseType.H2, "jdbc:h2:mem:x", null, Secret.none(),
            1, 100, Duration.ofSeconds(5), true, Map.of());
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    final AtomicLong nanos = new AtomicLong();
    final Ticker ticker = nanos::get;
    ConnectionStatus status;

    @AfterEach
    void close() {
        if (status != null) {
            status.close();
        }
    }

    static KafkaProbe kafkaUp() {
        return new KafkaProbe("default", true, "cluster-1", 1, 3, null, null);
    }

    static DatabaseProbe databaseUp() {
        return new DatabaseProbe("events", true, "H2 2", 1, null);
    }

    @Test
    void aProbeIsKeptForItsMaximumAgeWithTheTimeItRanThenRunAgain() {
        AtomicInteger kafkaProbes = new AtomicInteger();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        status = new ConnectionStatus(c -> {
            kafkaProbes.incrementAndGet();
            return kafkaUp();
        }, db -> databaseUp(), Duration.ofSeconds(10), clock, ticker);

        Checked<KafkaProbe> first = status.kafka(CLUSTER).join();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(9));
        Checked<KafkaProbe> again = status.kafka(CLUSTER).join();
        assertThat(kafkaProbes).hasValue(1);
        assertThat(again).isSameAs(first);
        assertThat(first.checkedAt()).isEqualTo(T0);
        assertThat(first.probe().up()).isTrue();

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        status.kafka(CLUSTER).join();
        assertThat(kafkaProbes).as("older than 10 s: probed again").hasValue(2);
    }

    @Test
    void aMaximumAgeOfZeroProbesAtEveryRequest() {
        AtomicInteger databaseProbes = new AtomicInteger();
        status = new ConnectionStatus(c -> kafkaUp(), db -> {
            databaseProbes.incrementAndGet();
            return databaseUp();
        }, Duration.ZERO, Clock.systemUTC(), ticker);

        status.database(DB).join();
        status.database(DB).join();
        assertThat(databaseProbes).hasValue(2);
    }

    @Test
    void callersDuringAProbeShareItAndDifferentConnectionsAreProbedSideBySide() throws Exception {
        AtomicInteger kafkaProbes = new AtomicInteger();
        CountDownLatch bothRunning = new CountDownLatch(2);
        status = new ConnectionStatus(c -> {
            kafkaProbes.incrementAndGet();
            return awaitBoth(bothRunning, kafkaUp());
        }, db -> awaitBoth(bothRunning, databaseUp()), Duration.ofSeconds(10), Clock.systemUTC(), ticker);

        CompletableFuture<Checked<KafkaProbe>> a = status.kafka(CLUSTER);
        CompletableFuture<Checked<KafkaProbe>> b = status.kafka(CLUSTER);
        CompletableFuture<Checked<DatabaseProbe>> db = status.database(DB);
        // each probe waits until the other one runs: one after the other, neither would finish
        assertThat(a.get(10, TimeUnit.SECONDS)).isSameAs(b.get(10, TimeUnit.SECONDS));
        assertThat(db.get(10, TimeUnit.SECONDS).probe().up()).isTrue();
        assertThat(kafkaProbes).hasValue(1);
    }

    private static <T> T awaitBoth(CountDownLatch latch, T result) {
        latch.countDown();
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other probe did not run alongside");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result;
    }
}
