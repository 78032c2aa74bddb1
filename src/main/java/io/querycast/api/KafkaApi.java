package io.querycast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.api.ApiJson.Reply;
import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import io.querycast.delivery.TopicCheck;
import io.querycast.delivery.TopicMissingException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code /api/kafka}: the configured clusters (secrets masked), connection tests, topics, health, and
 * sending messages through the cluster's own Camel Kafka component ({@code kafka-<connection>:<topic>}),
 * so a message sent here is produced with exactly the settings of the exports.
 */
public final class KafkaApi {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaApi.class);
    /** Kafka's legal topic names (as JobsReader checks job topics). */
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    static final int DEFAULT_BATCH_SIZE = 100;
    static final int MAX_BATCH_SIZE = 1000;
    static final int MAX_ERRORS = 100;

    private final ApiJson api;
    private final Connections connections;
    private final ConnectionProbes probes;
    private final TopicCheck topicCheck;
    private final ProducerTemplate producer;
    private final Redactor redactor;
    private final int maxBatchMessages;
    private final SendTopics sendTopics;

    KafkaApi(ApiJson api, Connections connections, ConnectionProbes probes, TopicCheck topicCheck,
             ProducerTemplate producer, Redactor redactor, int maxBatchMessages, SendTopics sendTopics) {
        this.api = api;
        this.connections = connections;
        this.probes = probes;
        this.topicCheck = topicCheck;
        this.producer = producer;
        this.redactor = redactor;
        this.maxBatchMessages = maxBatchMessages;
        this.sendTopics = sendTopics;
    }

    public void connections(Exchange exchange) {
        api.respond(exchange, e -> Reply.ok(Map.of("connections", connections.allKafkaClusters().stream().sorted(java.util.Comparator.comparing(KafkaConnection::name)).map(KafkaApi::view).toList())));
    }

    public void test(Exchange exchange) {
        api.respond(exchange, e -> {
            KafkaConnection cluster = cluster(ApiJson.requiredText(ApiJson.body(e, false), "connection"));
            ConnectionProbes.KafkaProbe probe = probes.kafka(cluster, true);
            return new Reply(probe.up() ? 200 : 502, probe);
        });
    }

    public void topics(Exchange exchange) {
        api.respond(exchange, e -> {
            String name = ApiJson.query(e, "connection");
            KafkaConnection cluster = cluster(name == null ? "default" : name);
            ConnectionProbes.KafkaProbe probe = probes.kafka(cluster, true);
            if (!probe.up()) {
                throw new ApiException(502, probe.error());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("connection", cluster.name());
            body.put("topics", probe.topics());
            return Reply.ok(body);
        });
    }

    public void health(Exchange exchange) {
        api.respond(exchange, e -> {
            List<ConnectionProbes.KafkaProbe> all = connections.allKafkaClusters().stream().sorted(java.util.Comparator.comparing(KafkaConnection::name)).map(c -> probes.kafka(c, false)).toList();
            boolean up = all.stream().allMatch(ConnectionProbes.KafkaProbe::up);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("clusters", all);
            return new Reply(up ? 200 : 503, body);
        });
    }

    public void send(Exchange exchange) {
        api.respond(exchange, e -> {
            JsonNode body = ApiJson.body(e, false);
            KafkaConnection cluster = cluster(connectionOf(body));
            String topic = topic(body);
            sendTopics.check(topic);
            OutgoingMessage message = message(body, "");
            checkTopic(cluster, topic);
            String uri = uriOf(cluster, topic);
            Exchange sent = producer.send(uri, x -> message.apply(x));
            if (sent.getException() != null) {
                throw new ApiException(502, "Kafka did not acknowledge the message: " + redactor.redact(sent.getException().getMessage()));
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("connection", cluster.name());
            reply.put("topic", topic);
            RecordMetadata meta = metadata(sent);
            reply.put("partition", meta == null ? null : meta.partition());
            reply.put("offset", meta == null ? null : meta.offset());
            LOG.info("API: 1 message sent to topic {} on Kafka connection {}", topic, cluster.name());
            return Reply.ok(reply);
        });
    }

    public void batch(Exchange exchange) {
        api.respond(exchange, e -> {
            JsonNode body = ApiJson.body(e, false);
            KafkaConnection cluster = cluster(connectionOf(body));
            String topic = topic(body);
            sendTopics.check(topic);
            int batchSize = batchSize(body);
            JsonNode messages = body.get("messages");
            if (messages == null || !messages.isArray() || messages.isEmpty()) {
                throw ApiException.badRequest("'messages' must be a non-empty list of {key, value, headers}");
            }
            if (messages.size() > maxBatchMessages) {
                throw ApiException.badRequest("at most " + maxBatchMessages + " messages per request, got " + messages.size());
            }
            List<OutgoingMessage> outgoing = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                if (!m.isObject()) {
                    throw ApiException.badRequest("messages[" + i + "] must be an object {key, value, headers}");
                }
                outgoing.add(message(m, "messages[" + i + "]."));
            }
            checkTopic(cluster, topic);
            String uri = uriOf(cluster, topic);
            long start = System.nanoTime();
            long succeeded = 0;
            long failed = 0;
            List<Map<String, Object>> errors = new ArrayList<>();
            for (int from = 0; from < outgoing.size(); from += batchSize) {
                int to = Math.min(outgoing.size(), from + batchSize);
                List<CompletableFuture<Exchange>> futures = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    OutgoingMessage m = outgoing.get(i);
                    futures.add(producer.asyncSend(uri, x -> m.apply(x)));
                }
                for (int i = from; i < to; i++) {
                    Exception failure;
                    try {
                        failure = futures.get(i - from).join().getException();
                    } catch (RuntimeException ex) {
                        failure = ex;
                    }
                    if (failure == null) {
                        succeeded++;
                    } else {
                        failed++;
                        if (errors.size() < MAX_ERRORS) {
                            Map<String, Object> err = new LinkedHashMap<>();
                            err.put("index", i);
                            err.put("key", outgoing.get(i).key());
                            err.put("error", redactor.redact(String.valueOf(failure.getMessage())));
                            errors.add(err);
                        }
                    }
                }
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("connection", cluster.name());
            reply.put("topic", topic);
            reply.put("total", outgoing.size());
            reply.put("succeeded", succeeded);
            reply.put("failed", failed);
            reply.put("errors", errors);
            reply.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
            LOG.info("API: batch to topic {} on Kafka connection {}: {} sent, {} failed", topic, cluster.name(), succeeded, failed);
            return Reply.ok(reply);
        });
    }

    /** A topic that does not exist (and is not created on first use) would block the producer for max.block.ms. */
    private void checkTopic(KafkaConnection cluster, String topic) {
        try {
            topicCheck.check(cluster.name(), List.of(topic));
        } catch (TopicMissingException e) {
            String text = redactor.redact(e.getMessage());
            throw new ApiException(text.contains("do not exist") ? 404 : 502, text);
        }
    }

    private String uriOf(KafkaConnection cluster, String topic) {
        return cluster.componentName() + ":" + topic;
    }

    private static RecordMetadata metadata(Exchange sent) {
        Object meta = sent.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META);
        if (meta instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof RecordMetadata m) {
            return m;
        }
        return null;
    }

    private KafkaConnection cluster(String name) {
        return connections.kafka(name)
                .orElseThrow(() -> ApiException.notFound("unknown Kafka connection '" + name + "'; configured: " + connections.kafkaClusters().keySet()));
    }

    private static String connectionOf(JsonNode body) {
        String name = ApiJson.optionalText(body, "connection");
        return name == null ? "default" : name;
    }

    private String topic(JsonNode body) {
        String topic = ApiJson.requiredText(body, "topic");
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw ApiException.badRequest("'" + topic + "' is not a legal Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ -, not '.' or '..'");
        }
        return topic;
    }

    private static int batchSize(JsonNode body) {
        JsonNode v = body.get("batch_size");
        if (v == null || v.isNull()) {
            return DEFAULT_BATCH_SIZE;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_BATCH_SIZE) {
            throw ApiException.badRequest("batch_size must be a whole number between 1 and " + MAX_BATCH_SIZE + ", got " + v);
        }
        return v.asInt();
    }

    /** One message as the request gave it: key and headers as strings, the value as text or as the JSON it is. */
    record OutgoingMessage(String key, byte[] value, Map<String, String> headers) {
        void apply(Exchange x) {
            if (key != null) {
                x.getMessage().setHeader(KafkaConstants.KEY, key);
            }
            headers.forEach((k, v) -> x.getMessage().setHeader(k, v));
            x.getMessage().setBody(value);
        }
    }

    private static OutgoingMessage message(JsonNode m, String where) {
        String key = ApiJson.optionalText(m, "key");
        JsonNode value = m.get("value");
        if (value == null) {
            throw ApiException.badRequest("field '" + where + "value' is required");
        }
        byte[] bytes;
        try {
            bytes = value.isNull() ? null
                    : value.isTextual() ? value.asText().getBytes(StandardCharsets.UTF_8)
                    : ApiJson.JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException ex) {
            throw ApiException.badRequest("field '" + where + "value' cannot be written as JSON");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = m.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw ApiException.badRequest("field '" + where + "headers' must be an object of name: string");
            }
            Iterator<Map.Entry<String, JsonNode>> it = h.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw ApiException.badRequest("header '" + e.getKey() + "' must be a string");
                }
                String lower = e.getKey().toLowerCase(java.util.Locale.ROOT);
                // camel*/kafka.* would steer the producer; dlt_* are what a dead letter says about its failure
                if (e.getKey().isBlank() || lower.startsWith("camel") || lower.startsWith("kafka.") || lower.startsWith("dlt_")) {
                    throw ApiException.badRequest("header name '" + e.getKey() + "' is reserved or empty (camel*, kafka.*, dlt_*)");
                }
                headers.put(e.getKey(), e.getValue().asText());
            }
        }
        return new OutgoingMessage(key, bytes, headers);
    }

    static Map<String, Object> view(KafkaConnection k) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", k.name());
        v.put("component", k.componentName());
        v.put("description", k.description());
        v.put("bootstrap_servers", k.bootstrapServers());
        v.put("security_protocol", k.securityProtocol().name());
        v.put("sasl_mechanism", k.saslMechanism() == null ? null : k.saslMechanism().toString());
        v.put("username", k.username());
        v.put("password", Redactor.mask(k.password()));
        if (k.ssl() != null) {
            Map<String, Object> ssl = new LinkedHashMap<>();
            ssl.put("truststore_location", k.ssl().truststoreLocation());
            ssl.put("truststore_type", k.ssl().truststoreType());
            ssl.put("truststore_password", Redactor.mask(k.ssl().truststorePassword()));
            ssl.put("keystore_location", k.ssl().keystoreLocation());
            ssl.put("keystore_type", k.ssl().keystoreType());
            ssl.put("certificate_location", k.ssl().certificateLocation());
            ssl.put("key_location", k.ssl().keyLocation());
            ssl.put("keystore_password", Redactor.mask(k.ssl().keystorePassword()));
            ssl.put("key_password", Redactor.mask(k.ssl().keyPassword()));
            ssl.put("endpoint_identification_algorithm", k.ssl().endpointIdentificationAlgorithm());
            v.put("ssl", ssl);
        }
        v.put("producer", Redactor.maskProperties(k.producerProperties()));
        return v;
    }
}
