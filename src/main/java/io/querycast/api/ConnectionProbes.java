package io.querycast.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.delivery.TopicCheck;
import io.querycast.query.DatabasePools;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to a configured database or Kafka cluster the way the exports do (the job pool; an Admin client
 * with the cluster's producer security settings), within a time limit, and says what it found. Used by the
 * test endpoints, {@code /api/kafka/health} and the actuator health contributors, which keep the last error.
 * Only configured connections are ever probed.
 */
public final class ConnectionProbes implements AutoCloseable {

    /** The answer of {@code POST /api/kafka/test} and each cluster of {@code /api/kafka/health} (routes/api.yaml outType). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaProbe(String connection, boolean up, String clusterId, Integer brokers, long latencyMs, List<String> topics, String error) {
    }

    /** The answer of {@code POST /api/db/test}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DatabaseProbe(String connection, boolean up, String product, long latencyMs, String error) {
    }

    private final TopicCheck topicCheck;
    private final DatabasePools pools;
    private final Redactor redactor;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "querycast-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    public ConnectionProbes(TopicCheck topicCheck, DatabasePools pools, Redactor redactor, Duration timeout) {
        this.topicCheck = topicCheck;
        this.pools = pools;
        this.redactor = redactor;
        this.timeout = timeout;
    }

    public KafkaProbe kafka(KafkaConnection cluster, boolean withTopics) {
        Properties props = topicCheck.adminProperties(cluster);
        int ms = (int) timeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "querycast-probe-" + cluster.name());
        long start = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            DescribeClusterResult cluster0 = admin.describeCluster();
            String clusterId = cluster0.clusterId().get(ms, TimeUnit.MILLISECONDS);
            int brokers = cluster0.nodes().get(ms, TimeUnit.MILLISECONDS).size();
            List<String> topics = withTopics
                    ? admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get(ms, TimeUnit.MILLISECONDS).stream().sorted().toList()
                    : null;
            long latency = (System.nanoTime() - start) / 1_000_000;
            return new KafkaProbe(cluster.name(), true, clusterId, brokers, latency, topics, null);
        } catch (TimeoutException e) {
            return kafkaDown(cluster, start, "no answer from " + cluster.bootstrapServers() + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return kafkaDown(cluster, start, describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return kafkaDown(cluster, start, "interrupted");
        } catch (RuntimeException e) {
            return kafkaDown(cluster, start, describe(e));
        }
    }

    private KafkaProbe kafkaDown(KafkaConnection cluster, long start, String error) {
        String text = redactor.redact("Kafka connection '" + cluster.name() + "': " + error);
        lastErrors.put(key("kafka", cluster.name()), text);
        return new KafkaProbe(cluster.name(), false, null, null, (System.nanoTime() - start) / 1_000_000, null, text);
    }

    public DatabaseProbe database(DatabaseConnection db) {
        long start = System.nanoTime();
        Future<String> check = executor.submit(() -> {
            try (Connection c = pools.pool(db.name()).getConnection()) {
                int seconds = (int) Math.max(1, timeout.toSeconds());
                if (!c.isValid(seconds)) {
                    throw new IllegalStateException("the connection is not valid (JDBC isValid returned false)");
                }
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(seconds);
                    try (ResultSet rs = st.executeQuery(validationQuery(db))) {
                        rs.next();
                    }
                } finally {
                    c.rollback();
                }
                return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            }
        });
        try {
            String product = check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new DatabaseProbe(db.name(), true, product, (System.nanoTime() - start) / 1_000_000, null);
        } catch (TimeoutException e) {
            check.cancel(true);
            return databaseDown(db, start, "no valid connection within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return databaseDown(db, start, describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return databaseDown(db, start, "interrupted");
        }
    }

    private DatabaseProbe databaseDown(DatabaseConnection db, long start, String error) {
        String text = redactor.redact("database '" + db.name() + "': " + error);
        lastErrors.put(key("db", db.name()), text);
        return new DatabaseProbe(db.name(), false, null, (System.nanoTime() - start) / 1_000_000, text);
    }

    static String validationQuery(DatabaseConnection db) {
        return switch (db.type()) {
            case ORACLE -> "SELECT 1 FROM DUAL";
            default -> "SELECT 1";
        };
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        if (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null && (message == null || !message.contains(t.getCause().getMessage()))) {
            message = (message == null ? "" : message + ": ") + t.getCause().getMessage();
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public String lastError(String kind, String name) {
        return lastErrors.get(key(kind, name));
    }

    private static String key(String kind, String name) {
        return kind + ":" + name;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
