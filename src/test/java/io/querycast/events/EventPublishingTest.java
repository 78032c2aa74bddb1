package io.querycast.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.support.BrokerBatches;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static io.querycast.support.TestUsers.PUBLISHER;

/**
 * POST /api/events/{type} over real HTTP against the running application and a real KRaft broker, with the
 * {@code test} profile's batching (batch_size 5, batch_timeout_ms 100) applied to events their callers wait for too
 * ({@code batch-sync-events=true}; by default those are sent at once, EventDeliveryFaultsTest, EventResponseOwnershipTest): many concurrent callers, each event on
 * its topic exactly once (counted by an id in its body), every 200 carrying the offset it really has, batches
 * grouped by topic and never larger than batch_size (the broker's stored record batches agree), a lone event
 * flushed by time, full batches by size;
 * roles, 400/404/413 (malformed JSON, bad {@code ?async=}, body over 1 MiB) and the status endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/events/connections.yaml",
        "querycast.jobs-dir=src/test/config/events/jobs",
        "querycast.queries-dir=src/test/queries",
        "querycast.events.topics.order-created=qc.events.orders",
        "querycast.events.topics.page-viewed=qc.events.views",
        // ?topic= may only name a mapped topic
        "querycast.events.topics.lone=qc.events.lone",
        "querycast.events.topics.other=qc.events.other",
        // what this test shows is the aggregator's batching of events their callers wait for
        "querycast.events.batch-sync-events=true"})
@ActiveProfiles("test")
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.events.orders", "qc.events.views", "qc.events.lone", "qc.events.other"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventPublishingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, JsonNode json, long micros) {
    }

    Response call(String method, String path, String credentials, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(120));
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        b.header("Content-Type", "application/json");
        b.header("Event-Header-source", "event-test");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - start) / 1000;
        return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), micros);
    }

    JsonNode status() throws Exception {
        Response r = call("GET", "/api/events/status", VIEWER, null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    @Order(1)
    void statusShowsTheTestProfilesBatching() throws Exception {
        JsonNode s = status();
        assertThat(s.get("batch_size").asInt()).isEqualTo(5);
        assertThat(s.get("batch_timeout_ms").asInt()).isEqualTo(100);
        assertThat(s.get("max_batch_size").asInt()).isEqualTo(200);
        assertThat(s.get("accepting").asBoolean()).isTrue();
        assertThat(s.get("pending_events").asInt()).isZero();
        assertThat(s.get("timed_flush_scheduled").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void aLoneEventIsFlushedByTimeAndAnsweredWithItsOffset() throws Exception {
        long batchesBefore = status().get("batches_sent").asLong();
        Response r = call("POST", "/api/events/lone?topic=qc.events.lone&key=k-1", PUBLISHER, "{\"n\":\"lone-1\"}");
        assertThat(r.status()).as(String.valueOf(r.json())).isEqualTo(200);
        assertThat(r.json().get("topic").asText()).isEqualTo("qc.events.lone");
        assertThat(r.micros()).as("waited for the batch timeout").isGreaterThanOrEqualTo(90_000);
        JsonNode s = status();
        assertThat(s.get("batches_sent").asLong()).isEqualTo(batchesBefore + 1);
        assertThat(s.get("batches_by_size").get("1").asLong()).isGreaterThanOrEqualTo(1);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, "qc.events.lone", 1, Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> rec = records.get(0);
        assertThat(rec.key()).isEqualTo("k-1");
        assertThat(rec.partition()).isEqualTo(r.json().get("partition").asInt());
        assertThat(rec.offset()).isEqualTo(r.json().get("offset").asLong());
        assertThat(new String(rec.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"lone-1\"}");
        assertThat(new String(rec.headers().lastHeader("event_id").value(), StandardCharsets.UTF_8)).isEqualTo(r.json().get("id").asText());
        assertThat(new String(rec.headers().lastHeader("event_type").value(), StandardCharsets.UTF_8)).isEqualTo("lone");
        assertThat(new String(rec.headers().lastHeader("source").value(), StandardCharsets.UTF_8)).isEqualTo("event-test");
        assertThat(BrokerBatches.of(bootstrap, "qc.events.lone")).as("broker-side record batches").containsExactly(1);
    }

    @Test
    @Order(3)
    void fiveConcurrentEventsOfOneTopicAreSentAsOneFullBatch() throws Exception {
        JsonNode before = status();
        long fullBefore = before.path("batches_by_size").path("5").asLong(0);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                answers.add(pool.submit(() -> call("POST", "/api/events/other?topic=qc.events.other", OPERATOR, "{\"n\":\"size-" + n + "\"}")));
            }
            for (Future<Response> f : answers) {
                assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode after = status();
        assertThat(after.get("batches_sent").asLong() - before.get("batches_sent").asLong()).isBetween(1L, 5L);
        long sends = after.get("batches_sent").asLong() - before.get("batches_sent").asLong();
        assertThat(TopicReader.readAll(bootstrap, "qc.events.other", 5, Duration.ofSeconds(30))).hasSize(5);
        List<Integer> stored = BrokerBatches.of(bootstrap, "qc.events.other");
        assertThat(stored.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat((long) stored.size()).as("broker-side record batches: at most one per batch sent").isBetween(1L, sends);
        if (sends == 1) {
            assertThat(stored).as("one full batch, one produce batch on the broker").containsExactly(5);
        }
        System.out.printf("EVENTS size-flush: batches=%d full_batches=%d%n", after.get("batches_sent").asLong() - before.get("batches_sent").asLong(),
                after.path("batches_by_size").path("5").asLong(0) - fullBefore);
    }

    @Test
    @Order(4)
    void manyConcurrentCallersEachEventExactlyOnceInBatchesOfAtMostBatchSize() throws Exception {
        int clients = 10;
        int perClient = 30;
        JsonNode before = status();
        Map<String, JsonNode> answered = new ConcurrentHashMap<>();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    String id = "c" + client + "-" + i;
                    String type = (i % 2 == 0) ? "order-created" : "page-viewed";
                    Response r = call("POST", "/api/events/" + type, PUBLISHER, "{\"n\":\"" + id + "\",\"client\":" + client + "}");
                    if (r.status() == 200) {
                        answered.put(id, r.json());
                    } else {
                        failures.put(id, r.status());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdownNow();
        int total = clients * perClient;
        assertThat(failures).isEmpty();
        assertThat(answered).hasSize(total);

        Map<String, Integer> onTopic = new HashMap<>();
        Map<String, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        for (String topic : List.of("qc.events.orders", "qc.events.views")) {
            for (ConsumerRecord<String, byte[]> rec : TopicReader.readAll(bootstrap, topic, total / 2, Duration.ofSeconds(60))) {
                String id = JSON.readTree(rec.value()).get("n").asText();
                onTopic.merge(id, 1, Integer::sum);
                byId.put(id, rec);
            }
        }
        assertThat(onTopic).as("every event on its topic").hasSize(total);
        assertThat(onTopic.values()).as("exactly once").containsOnly(1);
        answered.forEach((id, reply) -> {
            ConsumerRecord<String, byte[]> rec = byId.get(id);
            assertThat(reply.get("topic").asText()).isEqualTo(rec.topic());
            assertThat(reply.get("partition").asInt()).isEqualTo(rec.partition());
            assertThat(reply.get("offset").asLong()).as("the offset answered is the record's").isEqualTo(rec.offset());
        });

        JsonNode after = status();
        long batches = after.get("batches_sent").asLong() - before.get("batches_sent").asLong();
        List<Integer> stored = new ArrayList<>(BrokerBatches.of(bootstrap, "qc.events.orders"));
        stored.addAll(BrokerBatches.of(bootstrap, "qc.events.views"));
        assertThat(stored.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        assertThat((long) stored.size()).as("broker-side record batches: one per batch sent at most (the producer may join two)")
                .isLessThanOrEqualTo(batches).isLessThan(total);
        long events = after.get("events_sent").asLong() - before.get("events_sent").asLong();
        assertThat(events).isEqualTo(total);
        assertThat(batches).as("batched: fewer sends than events").isLessThan(total);
        after.get("batches_by_size").fieldNames().forEachRemaining(size -> assertThat(Integer.parseInt(size)).isBetween(1, 5));
        long full = after.get("batches_by_size").path("5").asLong(0) - before.path("batches_by_size").path("5").asLong(0);
        assertThat(full).as("size-flushed batches").isPositive();
        assertThat(after.get("topics").get("qc.events.orders").asLong()).isEqualTo(total / 2);
        assertThat(after.get("topics").get("qc.events.views").asLong()).isEqualTo(total / 2);
        assertThat(after.get("pending_events").asInt()).isZero();
        assertThat(after.get("awaiting_acknowledgement").asInt()).isZero();
        System.out.printf("EVENTS load: events=%d batches=%d full_batches=%d average=%.2f by_size=%s broker_batches=%d%n", total, batches, full,
                (double) events / batches, after.get("batches_by_size"), stored.size());
    }

    @Test
    @Order(5)
    void refusalsRolesAndBadRequests() throws Exception {
        assertThat(call("POST", "/api/events/order-created", VIEWER, "{}").status()).isEqualTo(403);
        assertThat(call("GET", "/api/events/status", PUBLISHER, null).status()).isEqualTo(403);
        assertThat(call("GET", "/api/jobs", PUBLISHER, null).status()).isEqualTo(403);
        assertThat(call("POST", "/api/kafka/send", PUBLISHER, "{}").status()).isEqualTo(403);
        Response bad = call("POST", "/api/events/order-created", PUBLISHER, "{\"n\": oops");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("malformed JSON");
        assertThat(call("POST", "/api/events/order-created", PUBLISHER, "").status()).isEqualTo(400);
        Response badAsync = call("POST", "/api/events/order-created?async=maybe", PUBLISHER, "{}");
        assertThat(badAsync.status()).isEqualTo(400);
        assertThat(badAsync.json().get("error").asText()).contains("async");
        Response badAsyncJson = call("POST", "/api/events/order-created?async=true", PUBLISHER, "[1,");
        assertThat(badAsyncJson.status()).as("async events are validated before the 202").isEqualTo(400);
        assertThat(badAsyncJson.json().get("error").asText()).startsWith("malformed JSON");
        // over querycast.api.max-request-bytes (1 MiB): refused before it is read, sync or async
        String oversized = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        long sentBefore = status().get("events_sent").asLong();
        for (String path : List.of("/api/events/order-created", "/api/events/order-created?async=true")) {
            Response tooLarge = call("POST", path, PUBLISHER, oversized);
            assertThat(tooLarge.status()).as(path).isEqualTo(413);
            assertThat(tooLarge.json().get("status").asInt()).isEqualTo(413);
            assertThat(tooLarge.json().get("error").asText()).contains("larger than");
        }
        assertThat(status().get("events_sent").asLong()).as("nothing sent for refused events").isEqualTo(sentBefore);
        Response unknown = call("POST", "/api/events/not-mapped", PUBLISHER, "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("not-mapped");
        assertThat(call("POST", "/api/events/x?topic=bad%20topic", PUBLISHER, "{}").status()).isEqualTo(400);
        Response reserved = call("POST", "/api/events/order-created", PUBLISHER, "{}");
        assertThat(reserved.status()).isEqualTo(200);
    }
}
