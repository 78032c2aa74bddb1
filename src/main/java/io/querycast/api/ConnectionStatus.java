package io.querycast.api;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.querycast.api.ConnectionProbes.DatabaseProbe;
import io.querycast.api.ConnectionProbes.KafkaProbe;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Every connection's latest probe, at most {@code maxAge} old, for what polls: the dashboard's status bar
 * (every few seconds, per open browser) and the actuator health (monitoring). Probing at each of those
 * requests would open an admin client to every Kafka cluster and take a connection from every database
 * pool each time. Probes of different connections run in parallel, and callers asking while a probe is in
 * flight share it. The connection tests of the API ({@code POST /api/kafka/test}, {@code /api/db/test}) do
 * not come through here: an operator testing a connection gets a probe of that moment.
 */
public final class ConnectionStatus implements AutoCloseable {

    /** A probe and when it ran. */
    public record Checked<T>(T probe, Instant checkedAt) {
    }

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "querycast-connection-status");
        t.setDaemon(true);
        return t;
    });
    private final AsyncLoadingCache<KafkaConnection, Checked<KafkaProbe>> kafka;
    private final AsyncLoadingCache<DatabaseConnection, Checked<DatabaseProbe>> databases;

    public ConnectionStatus(ConnectionProbes probes, Duration maxAge, Clock clock) {
        this(c -> probes.kafka(c, false), probes::database, maxAge, clock, Ticker.systemTicker());
    }

    ConnectionStatus(Function<KafkaConnection, KafkaProbe> kafkaProbe, Function<DatabaseConnection, DatabaseProbe> databaseProbe,
                     Duration maxAge, Clock clock, Ticker ticker) {
        this.kafka = Caffeine.newBuilder().expireAfterWrite(maxAge).ticker(ticker).executor(executor)
                .buildAsync(c -> new Checked<>(kafkaProbe.apply(c), clock.instant()));
        this.databases = Caffeine.newBuilder().expireAfterWrite(maxAge).ticker(ticker).executor(executor)
                .buildAsync(db -> new Checked<>(databaseProbe.apply(db), clock.instant()));
    }

    public CompletableFuture<Checked<KafkaProbe>> kafka(KafkaConnection cluster) {
        return kafka.get(cluster);
    }

    public CompletableFuture<Checked<DatabaseProbe>> database(DatabaseConnection db) {
        return databases.get(db);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
