package io.querycast.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.QuerycastApplication;
import io.querycast.support.KafkaBrokerProcess;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static io.querycast.support.TestUsers.VIEWER;
import static io.querycast.support.TestUsers.PUBLISHER;

/**
 * HTTP events against a real broker in its own JVM that the test stops and starts again, with a short delivery
 * timeout (3 s, src/test/config/events-faults) and one redelivery ({@code querycast.defaults.max-retries=1}):
 * {@code ?async=true} answers 202 before the batch is even sent and the event then is on its topic; an async
 * event Kafka refuses (larger than the topic's {@code max.message.bytes}) ends on {@code <topic>.DLT} with the
 * dead-letter headers; the same event sent synchronously is a 413; with the broker gone a caller gets 503 with
 * a JSON error after the delivery timeout and its redelivery, never 200, an async event's dead letter that
 * cannot be written is counted; once the broker is back, publishing works again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventDeliveryFaultsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH_TIMEOUT_MS = 2000;
    static final int DELIVERY_TIMEOUT_MS = 3000;

    static KafkaBrokerProcess broker;
    static ConfigurableApplicationContext app;
    static int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, JsonNode json, long millis) {
    }

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBrokerProcess(Files.createTempDirectory("qc-events-broker"));
        broker.start();
        broker.createTopics(2, "qc.ev.async", "qc.ev.async.DLT", "qc.ev.outage", "qc.ev.outage.DLT", "qc.ev.small.DLT");
        broker.createTopic("qc.ev.small", 1, Map.of("max.message.bytes", "1024"));
        app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--spring.profiles.active=test",
                "--QC_EVENT_KAFKA=" + broker.bootstrap(),
                "--querycast.connections-file=src/test/config/events-faults/connections.yaml",
                "--querycast.jobs-dir=src/test/config/events/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.defaults.max-redeliveries=1",
                "--querycast.defaults.redelivery-delay-ms=100",
                // a lone event waits this long for its batch: a 202 answered sooner did not wait for Kafka
                "--querycast.events.batch-timeout-ms=" + BATCH_TIMEOUT_MS,
                "--querycast.events.topics.outage=qc.ev.outage",
                // ?topic= may only name a mapped topic
                "--querycast.events.topics.async-ok=qc.ev.async",
                "--querycast.events.topics.big=qc.ev.small");
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    Response call(String method, String path, String credentials, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(120));
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), (System.nanoTime() - start) / 1_000_000);
    }

    Response publish(String path, String body) throws Exception {
        return call("POST", path, PUBLISHER, body);
    }

    JsonNode status() throws Exception {
        Response r = call("GET", "/api/events/status", VIEWER, null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    /** Polls the status endpoint until the condition holds (no fixed sleeps). */
    JsonNode awaitStatus(Predicate<JsonNode> condition, Duration timeout) {
        return Awaitility.await("status condition").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(this::status, condition::test);
    }

    /** Random text: the producer compresses (snappy), so a repeated character would fit the topic's 1 KB limit. */
    static String incompressible(int chars) {
        byte[] bytes = new byte[chars];
        new Random(chars).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, chars);
    }

    static String header(ConsumerRecord<String, byte[]> rec, String name) {
        Header h = rec.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static ConsumerRecord<String, byte[]> byHeader(String topic, String header, String value) {
        List<ConsumerRecord<String, byte[]>> found = TopicReader.readAll(broker.bootstrap(), topic, 1, Duration.ofSeconds(60)).stream()
                .filter(r -> value.equals(header(r, header))).toList();
        assertThat(found).as(topic + " holds exactly one record with " + header + "=" + value).hasSize(1);
        return found.get(0);
    }

    @Test
    @Order(1)
    void asyncEventIsAnswered202AtOnceAndThenDeliveredToItsTopic() throws Exception {
        long acceptedBefore = status().get("async_accepted").asLong();
        Response r = publish("/api/events/async-ok?topic=qc.ev.async&key=a-1&async=true", "{\"n\":\"async-1\"}");
        assertThat(r.status()).as(String.valueOf(r.json())).isEqualTo(202);
        assertThat(r.millis()).as("answered before the batch timeout, so before any send").isLessThan(BATCH_TIMEOUT_MS);
        String id = r.json().get("id").asText();
        assertThat(id).isNotBlank();
        assertThat(r.json().get("topic").asText()).isEqualTo("qc.ev.async");
        assertThat(r.json().get("status").asText()).isEqualTo("accepted");
        assertThat(r.json().has("offset")).isFalse();

        ConsumerRecord<String, byte[]> rec = byHeader("qc.ev.async", "event_id", id);
        assertThat(rec.key()).isEqualTo("a-1");
        assertThat(new String(rec.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"async-1\"}");
        assertThat(header(rec, "event_type")).isEqualTo("async-ok");
        JsonNode s = awaitStatus(x -> x.get("awaiting_acknowledgement").asInt() == 0, Duration.ofSeconds(30));
        assertThat(s.get("async_accepted").asLong()).isEqualTo(acceptedBefore + 1);
        assertThat(s.get("dead_lettered").asLong()).isZero();
    }

    @Test
    @Order(2)
    void asyncEventKafkaRefusesEndsOnTheDeadLetterTopicWithItsHeaders() throws Exception {
        JsonNode before = status();
        String big = "{\"n\":\"big\",\"pad\":\"" + incompressible(6000) + "\"}";
        Instant sent = Instant.now();
        Response r = publish("/api/events/big?topic=qc.ev.small&key=b-1&async=true", big);
        assertThat(r.status()).as(String.valueOf(r.json())).isEqualTo(202);
        String id = r.json().get("id").asText();

        ConsumerRecord<String, byte[]> letter = byHeader("qc.ev.small.DLT", "dlt_event_id", id);
        assertThat(letter.key()).isEqualTo("b-1");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(big);
        assertThat(header(letter, "dlt_original_topic")).isEqualTo("qc.ev.small");
        assertThat(header(letter, "dlt_error_class")).isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
        assertThat(header(letter, "dlt_error_message")).isNotBlank();
        assertThat(header(letter, "dlt_job_id")).isEqualTo("events");
        assertThat(header(letter, "dlt_export_id")).isEqualTo(id);
        assertThat(header(letter, "dlt_attempts")).as("not retriable: sent once, never again").isEqualTo("1");
        assertThat(Instant.parse(header(letter, "dlt_failed_at"))).isAfterOrEqualTo(sent.minusSeconds(1));
        assertThat(header(letter, "event_id")).isEqualTo(id);
        assertThat(header(letter, "event_type")).isEqualTo("big");
        assertThat(header(letter, "dlt_value_truncated")).isNull();

        JsonNode s = awaitStatus(x -> x.get("dead_lettered").asLong() > before.get("dead_lettered").asLong(), Duration.ofSeconds(30));
        assertThat(s.get("dead_lettered").asLong()).isEqualTo(before.get("dead_lettered").asLong() + 1);
        assertThat(s.get("failed").asLong()).isEqualTo(before.get("failed").asLong() + 1);
        assertThat(s.get("dead_letter_failures").asLong()).isZero();
        assertThat(TopicReader.count(broker.bootstrap(), "qc.ev.small")).as("nothing on the refusing topic").isZero();
    }

    @Test
    @Order(3)
    void aSynchronousEventKafkaRefusesAsTooLargeIs413() throws Exception {
        Response r = publish("/api/events/big?topic=qc.ev.small", "{\"pad\":\"" + incompressible(6000) + "\"}");
        assertThat(r.status()).as(String.valueOf(r.json())).isEqualTo(413);
        assertThat(r.json().get("status").asInt()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).contains("RecordTooLargeException");
        assertThat(r.json().get("topic").asText()).isEqualTo("qc.ev.small");
    }

    @Test
    @Order(4)
    void brokerGoneIs503NeverA200AndPublishingWorksAgainOnceItIsBack() throws Exception {
        Response up = publish("/api/events/outage", "{\"n\":\"before\"}");
        assertThat(up.status()).as(String.valueOf(up.json())).isEqualTo(200);
        long failuresBefore = status().get("dead_letter_failures").asLong();

        broker.stop();
        Response down;
        Response asyncDown;
        try {
            asyncDown = publish("/api/events/outage?async=true", "{\"n\":\"async-during\"}");
            down = publish("/api/events/outage", "{\"n\":\"during\"}");
            // the async event's dead letter cannot be written either: counted, not dropped silently
            awaitStatus(x -> x.get("dead_letter_failures").asLong() > failuresBefore, Duration.ofSeconds(60));
        } finally {
            broker.start();
        }
        assertThat(asyncDown.status()).isEqualTo(202);
        assertThat(down.status()).as(String.valueOf(down.json())).isEqualTo(503);
        assertThat(down.json().get("status").asInt()).isEqualTo(503);
        assertThat(down.json().get("error").asText()).startsWith("Kafka did not acknowledge the event").contains("Timeout");
        assertThat(down.json().get("id").asText()).isNotBlank();
        assertThat(down.json().get("topic").asText()).isEqualTo("qc.ev.outage");
        assertThat(down.json().has("offset")).isFalse();
        assertThat(down.millis()).as("a first send and one redelivery, each given up after the delivery timeout")
                .isGreaterThanOrEqualTo(2L * DELIVERY_TIMEOUT_MS);
        assertThat(status().get("dead_letter_failures").asLong()).isEqualTo(failuresBefore + 1);

        Response again = publish("/api/events/outage", "{\"n\":\"after\"}");
        assertThat(again.status()).as(String.valueOf(again.json())).isEqualTo(200);
        ConsumerRecord<String, byte[]> rec = byHeader("qc.ev.outage", "event_id", again.json().get("id").asText());
        assertThat(rec.offset()).isEqualTo(again.json().get("offset").asLong());
        assertThat(TopicReader.readAll(broker.bootstrap(), "qc.ev.outage", 2, Duration.ofSeconds(30)).stream()
                .map(x -> header(x, "event_id")).toList())
                .as("the refused event is not on the topic").doesNotContain(down.json().get("id").asText());
    }
}
