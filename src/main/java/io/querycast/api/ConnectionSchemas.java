package io.querycast.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.querycast.metrics.KafkaMetricsQueries;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code /api/kafka}, {@code /api/db} and {@code /api/status} (KafkaApi, DatabaseApi, StatusApi,
 * MetricsApi) for the REST DSL's {@code type} and {@code outType}. The probes' answers are ConnectionProbes' own
 * records, the metrics' those of metrics.KafkaMetricsQueries: they are not repeated here.
 */
public final class ConnectionSchemas {

    private ConnectionSchemas() {
    }

    /** {@code POST /api/kafka/test} and {@code /api/db/test}: a configured connection's name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConnectionRequest(String connection) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaConnectionList(List<KafkaConnectionView> connections) {
    }

    /** A cluster as configured, every secret masked; {@code ssl} only when it has SSL settings. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaConnectionView(String name, String component, String description, String bootstrapServers, String securityProtocol,
                                      String saslMechanism, String username, String password, KafkaSslView ssl,
                                      Map<String, String> producer) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaSslView(String truststoreLocation, String truststoreType, String truststorePassword, String keystoreLocation,
                               String keystoreType, String certificateLocation, String keyLocation, String keystorePassword,
                               String keyPassword, String endpointIdentificationAlgorithm) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaTopics(String connection, List<String> topics) {
    }

    /** {@code GET /api/kafka/health}: 200 when every cluster answered, 503 otherwise (same body). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaHealth(String status, List<ConnectionProbes.KafkaProbe> clusters) {
    }

    /** {@code POST /api/kafka/send}: one message; {@code value} any JSON (a string is sent as its text). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SendRequest(String connection, String topic, String key, Object value, Map<String, String> headers) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SendAnswer(String connection, String topic, Integer partition, Long offset) {
    }

    /** {@code POST /api/kafka/batch}: {@code batch_size} 1-1000 (default 100). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchRequest(String connection, String topic, Integer batchSize, List<BatchMessage> messages) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchMessage(String key, Object value, Map<String, String> headers) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchAnswer(String connection, String topic, Integer total, Long succeeded, Long failed, List<BatchError> errors,
                              Long durationMs) {
    }

    /** One of the first 100 messages that failed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchError(Integer index, String key, String error) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DatabaseConnectionList(List<DatabaseConnectionView> connections) {
    }

    /** A database as configured: URL and password masked. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DatabaseConnectionView(String name, String type, String description, String url, String username, String password,
                                         Integer poolSize, Integer fetchSize, Long queryTimeoutS, Boolean readOnly,
                                         Map<String, String> properties) {
    }

    /** {@code GET /api/status}: {@code status} UP when every connection answered. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StatusAnswer(String status, List<KafkaStatus> kafka, List<DatabaseStatus> databases) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KafkaStatus(String connection, Boolean up, Instant checkedAt, String bootstrapServers, String clusterId, Integer brokers,
                              Long latencyMs, String error, String lastError, ProducerStatus producer) {
    }

    /** The cluster's producer as the exports' sends show it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProducerStatus(Boolean up, Instant lastSuccessAt, Instant lastFailureAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DatabaseStatus(String connection, Boolean up, Instant checkedAt, String type, String product, Long latencyMs,
                                 String error, String lastError) {
    }

    /** {@code GET /api/kafka/metrics/hourly}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HourlyMetrics(List<KafkaMetricsQueries.Hour> hours) {
    }

    /** {@code GET /api/kafka/metrics/topics}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TopicMetrics(List<KafkaMetricsQueries.TopicStats> topics) {
    }
}
