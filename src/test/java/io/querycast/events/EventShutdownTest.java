package io.querycast.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.QuerycastApplication;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

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
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static io.querycast.support.TestUsers.PUBLISHER;

/**
 * Shutdown during load: concurrent callers keep publishing while the application context closes (what the
 * JVM's shutdown hook does on SIGTERM), with the waited-for events batched by the aggregator and sent at once
 * (querycast.events.batch-sync-events true / false). Batches still filling are flushed before the application stops,
 * events in flight on the delivery route are delivered,
 * new events are refused (503, or the connection is no longer accepted), and no event answered 200 is missing
 * from the topic: every event not on the topic was answered with an error or never accepted.
 */
class EventShutdownTest {

    static final String TOPIC = "qc.events.shutdown";
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        kafka.destroy();
    }

    /** @param batchSync true: the waited-for events wait in the aggregator's batches; false (default): each is sent at once */
    @ParameterizedTest(name = "batch-sync-events={0}")
    @ValueSource(booleans = {true, false})
    void noAcceptedEventIsLostWhenTheApplicationStopsUnderLoad(boolean batchSync) throws Exception {
        String run = batchSync ? "b" : "d";
        ConfigurableApplicationContext app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--spring.profiles.active=test",
                "--QC_TEST_KAFKA=" + kafka.getBrokersAsString(),
                "--querycast.connections-file=src/test/config/events/connections.yaml",
                "--querycast.jobs-dir=src/test/config/events/jobs",
                "--querycast.queries-dir=src/test/queries",
                // large, slow batches: events are surely waiting in a batch when the shutdown starts
                "--querycast.events.batch-size=50",
                "--querycast.events.batch-timeout-ms=1500",
                // batched: the flush at shutdown is tested; sent at once: the events in flight on the delivery route
                "--querycast.events.batch-sync-events=" + batchSync,
                "--querycast.events.topics.shutdown=" + TOPIC);
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        EventBatches batches = app.getBean(EventBatches.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(PUBLISHER.getBytes(StandardCharsets.UTF_8));

        Map<String, String> outcome = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        int clients = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                int refusals = 0;
                for (int i = 0; !stop.get() && refusals < 3; i++) {
                    String id = run + client + "-" + i;
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/events/shutdown"))
                            .timeout(Duration.ofSeconds(120)).header("Authorization", auth).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"" + id + "\"}")).build();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        outcome.put(id, String.valueOf(r.statusCode()));
                        if (r.statusCode() != 200) {
                            refusals++;
                        }
                    } catch (java.io.IOException e) {
                        outcome.put(id, "io:" + e.getClass().getSimpleName());
                        refusals++;
                    }
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outcome.values().stream().filter("200"::equals).count() < 100
                || (batchSync ? batches.pendingInBatches() : ((Number) batches.status().get("awaiting_acknowledgement")).intValue()) == 0) {
            assertThat(System.nanoTime()).as("load under way").isLessThan(deadline);
            Thread.sleep(5);
        }
        int pendingAtClose = batches.pendingInBatches();
        int awaitingAtClose = ((Number) batches.status().get("awaiting_acknowledgement")).intValue();
        app.close();
        stop.set(true);
        for (Future<?> f : running) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdownNow();

        Map<String, Integer> onTopic = new HashMap<>();
        for (ConsumerRecord<String, byte[]> rec : TopicReader.readAll(kafka.getBrokersAsString(), TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(8))) {
            String n = JSON.readTree(rec.value()).get("n").asText();
            if (n.startsWith(run)) {
                onTopic.merge(n, 1, Integer::sum);
            }
        }
        long ok = outcome.values().stream().filter("200"::equals).count();
        long refused503 = outcome.values().stream().filter("503"::equals).count();
        long notAccepted = outcome.values().stream().filter(v -> v.startsWith("io:")).count();
        System.out.printf("EVENTS shutdown (batch-sync-events=" + batchSync + "): awaiting_at_close=" + awaitingAtClose + " pending_at_close=%d answered_200=%d refused_503=%d not_accepted=%d on_topic=%d other=%s%n",
                pendingAtClose, ok, refused503, notAccepted, onTopic.size(),
                outcome.values().stream().filter(v -> !v.equals("200") && !v.equals("503") && !v.startsWith("io:")).toList());

        if (batchSync) {
            assertThat(pendingAtClose).as("events were waiting in a batch when the shutdown started").isPositive();
        } else {
            assertThat(awaitingAtClose).as("events were on their way to Kafka when the shutdown started").isPositive();
        }
        assertThat(onTopic.values()).as("no event twice").containsOnly(1);
        outcome.forEach((id, answer) -> {
            if (answer.equals("200")) {
                assertThat(onTopic).as("answered 200, so on the topic: " + id).containsKey(id);
            }
        });
        onTopic.keySet().forEach(id -> assertThat(outcome).as("on the topic, so it was sent: " + id).containsKey(id));
        assertThat(refused503 + notAccepted).as("events after the shutdown started were refused").isPositive();
    }
}
