package io.querycast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.support.ConsoleCapture;
import io.querycast.support.OpenApiShapes;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;

/**
 * The REST API over real HTTP against the running application (random port, Spring Security on, the test
 * users of src/test/config/users.yaml), a real KRaft broker and H2: every endpoint, 401/403/404/400/413/429,
 * a run through the API with its true counts in history, SQL injection attempts through run parameters,
 * and no secret in any response body or log line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/api/connections.yaml",
        "querycast.jobs-dir=src/test/config/api/jobs",
        "querycast.queries-dir=src/test/queries",
        "querycast.api.probe-timeout=3s",
        "querycast.api.max-batch-messages=1000"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.api.types", "qc.api.types.DLT", "qc.api.send", "qc.api.batch"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestApiTest {

    static final String SECRET = "Qc-Api-T3st-Secret-7731";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<String> BODIES = new CopyOnWriteArrayList<>();
    /** Everything the JVM prints from here on (the application's log included), kept to search for secrets. */
    static final ConsoleCapture LOG = ConsoleCapture.start();

    @LocalServerPort
    int port;
    @Autowired
    RunHistory history;
    @Autowired
    io.querycast.run.JobLauncher launcher;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Response call(String method, String path, String credentials, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null || !method.equals("GET")) {
            // every POST to the API is JSON, even one without a body
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        BODIES.add(r.body());
        r.headers().map().values().forEach(v -> BODIES.add(String.join(",", v)));
        return new Response(r.statusCode(), r.body(), r);
    }

    Response get(String path, String credentials) throws Exception {
        return call("GET", path, credentials, null);
    }

    Response post(String path, String credentials, String body) throws Exception {
        return call("POST", path, credentials, body);
    }

    // ---- security

    @Test
    void withoutCredentialsEverythingButTheProbesIs401() throws Exception {
        for (String path : List.of("/api/jobs", "/api/jobs/api-types", "/api/history", "/api/kafka/connections", "/api/db/connections",
                "/api/kafka/health", "/api/openapi.json", "/actuator/health", "/actuator/metrics", "/actuator/info")) {
            Response r = get(path, null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        }
        for (String path : List.of("/api/jobs/api-types/run", "/api/jobs/api-types/disable", "/api/kafka/send", "/api/db/test")) {
            assertThat(post(path, null, "{}").status()).as(path).isEqualTo(401);
        }
        assertThat(get("/actuator/health/liveness", null).status()).isEqualTo(200);
        Response readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().has("components")).isFalse();
    }

    @Test
    void wrongPasswordIs401AndRepeatedFailuresAreThrottled() throws Exception {
        assertThat(get("/api/jobs", "test-viewer:not-the-password").status()).isEqualTo(401);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/jobs", "throttled-user:guess-" + i).status()).isEqualTo(401);
        }
        Response refused = get("/api/jobs", "throttled-user:guess-again");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        // another user from the same address is not affected
        assertThat(get("/api/jobs", VIEWER).status()).isEqualTo(200);
    }

    @Test
    void viewerReadsButCannotChangeAnything() throws Exception {
        assertThat(get("/api/jobs", VIEWER).status()).isEqualTo(200);
        assertThat(get("/api/history", VIEWER).status()).isEqualTo(200);
        assertThat(get("/actuator/metrics", VIEWER).status()).isEqualTo(200);
        for (String path : List.of("/api/jobs/api-types/run", "/api/jobs/api-switch/disable", "/api/jobs/api-switch/enable",
                "/api/kafka/send", "/api/kafka/batch", "/api/kafka/test", "/api/db/test")) {
            Response r = post(path, VIEWER, "{}");
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().get("error").asText()).contains("role");
        }
    }

    // ---- jobs and history

    @Test
    void jobsAreListedWithScheduleStateAndNextFireTime() throws Exception {
        Response list = get("/api/jobs", VIEWER);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("jobs").findValuesAsText("id")).contains("api-types", "api-switch");

        JsonNode job = get("/api/jobs/api-types", VIEWER).json();
        assertThat(job.get("topic").asText()).isEqualTo("qc.api.types");
        assertThat(job.get("db_connection").asText()).isEqualTo("types");
        assertThat(job.get("schedule").get("quartz").asText()).isEqualTo("0 0 3 1 1 ? 2099");
        assertThat(job.get("next_fire_time").asText()).startsWith("2099-01-01");
        assertThat(job.get("enabled").asBoolean()).isTrue();
        assertThat(job.get("delivery").get("dead_letter_topic").asText()).isEqualTo("qc.api.types.DLT");

        Response unknown = get("/api/jobs/no-such-job", VIEWER);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unknown job 'no-such-job'");
        assertThat(post("/api/jobs/no-such-job/run", OPERATOR, "{}").status()).isEqualTo(404);
        assertThat(post("/api/jobs/no-such-job/enable", OPERATOR, null).status()).isEqualTo(404);
    }

    @Test
    void aRunStartedThroughTheApiIsInHistoryWithItsTrueCounts() throws Exception {
        Response started = post("/api/jobs/api-types/run", OPERATOR, null);
        assertThat(started.status()).isEqualTo(202);
        String runId = started.json().get("run_id").asText();
        assertThat(runId).startsWith("all-types-");
        RunRecord record = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(record.status()).isEqualTo(RunStatus.SUCCESS);

        JsonNode run = get("/api/history/" + runId, VIEWER).json();
        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("trigger").asText()).isEqualTo("api");
        assertThat(run.get("rows_read").asLong()).isEqualTo(2);
        assertThat(run.get("sent").asLong()).isEqualTo(2);
        assertThat(run.get("failed").asLong()).isZero();
        assertThat(run.get("parameters").get("CATEGORY").asText()).isEqualTo("A");
        assertThat(get("/api/jobs/api-types", VIEWER).json().get("last_run").get("run_id").asText()).isNotEmpty();

        JsonNode found = get("/api/history?job=api-types&status=success&mode=kafka&from=2000-01-01&to=2999-01-01T00:00:00Z&limit=100", VIEWER).json();
        assertThat(found.get("runs").findValuesAsText("run_id")).contains(runId);
        assertThat(get("/api/history?status=failed&job=api-types", VIEWER).json().get("runs").findValuesAsText("run_id")).doesNotContain(runId);
        assertThat(get("/api/history?job=api-types&to=2000-01-01", VIEWER).json().get("runs")).isEmpty();

        assertThat(get("/api/history/no-such-run", VIEWER).status()).isEqualTo(404);
        assertThat(get("/api/history?status=maybe", VIEWER).status()).isEqualTo(400);
        assertThat(get("/api/history?limit=0", VIEWER).status()).isEqualTo(400);
        assertThat(get("/api/history?limit=abc", VIEWER).status()).isEqualTo(400);
        assertThat(get("/api/history?from=yesterday", VIEWER).status()).isEqualTo(400);
    }

    @Test
    void metricsSummaryHourlyAndTopicsEqualWhatIsOnTheTopic() throws Exception {
        String runId = post("/api/jobs/api-types/run", OPERATOR, null).json().get("run_id").asText();
        assertThat(RunAwaiter.awaitFinished(history, runId, WAIT).status()).isEqualTo(RunStatus.SUCCESS);
        // every export of this application goes to qc.api.types: the metrics must count exactly what is there
        long onTopic = TopicReader.readAll(bootstrap, "qc.api.types", 1, Duration.ofSeconds(5)).size();

        JsonNode summary = get("/api/kafka/metrics/summary", VIEWER).json();
        assertThat(summary.get("today").get("sent").asLong()).isEqualTo(onTopic);
        assertThat(summary.get("last7_days").get("sent").asLong()).isEqualTo(onTopic);
        assertThat(summary.get("today").get("errors").asLong()).isZero();
        assertThat(summary.get("today").get("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(summary.get("today").get("p99_latency_ms").asDouble()).isPositive();

        JsonNode hours = get("/api/kafka/metrics/hourly", VIEWER).json().get("hours");
        long hourlySent = 0;
        for (JsonNode h : hours) {
            hourlySent += h.get("sent").asLong();
        }
        assertThat(hourlySent).isEqualTo(onTopic);
        assertThat(get("/api/kafka/metrics/hourly?job=api-types&hours=2", VIEWER).json().get("hours")).isNotEmpty();
        assertThat(get("/api/kafka/metrics/hourly?job=no-such-job", VIEWER).json().get("hours")).isEmpty();
        assertThat(get("/api/kafka/metrics/hourly?hours=0", VIEWER).status()).isEqualTo(400);

        JsonNode topics = get("/api/kafka/metrics/topics", VIEWER).json().get("topics");
        assertThat(topics.findValuesAsText("topic")).containsExactly("qc.api.types");
        assertThat(topics.get(0).get("sent").asLong()).isEqualTo(onTopic);
        assertThat(topics.get(0).get("last_sent_at").asText()).isNotEmpty();
        assertThat(call("GET", "/api/kafka/metrics/summary", null, null).status()).isEqualTo(401);
    }

    @Test
    void runParameterOverridesStayBoundValues() throws Exception {
        String injected = runWith("x' OR '1'='1");
        assertThat(RunAwaiter.awaitFinished(history, injected, WAIT).rowsRead()).isZero();
        String drop = runWith("1; DROP TABLE ALL_TYPES; --");
        RunRecord dropRun = RunAwaiter.awaitFinished(history, drop, WAIT);
        assertThat(dropRun.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(dropRun.rowsRead()).isZero();
        assertThat(dropRun.parameters()).containsEntry("CATEGORY", "1; DROP TABLE ALL_TYPES; --");

        String onlyB = runWith("B");
        RunRecord b = RunAwaiter.awaitFinished(history, onlyB, WAIT);
        assertThat(b.rowsRead()).isEqualTo(1);
        assertThat(b.sent()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, "qc.api.types", 1, WAIT).stream()
                .filter(r -> new String(r.headers().lastHeader("export_id").value(), StandardCharsets.UTF_8).equals(onlyB)).toList();
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("K3");

        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:qc-api-types", "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ALL_TYPES")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    private String runWith(String category) throws Exception {
        Response r = post("/api/jobs/api-types/run", OPERATOR, JSON.writeValueAsString(
                java.util.Map.of("parameters", java.util.Map.of("CATEGORY", category))));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("run_id").asText();
    }

    @Test
    void badRunRequestsAre400() throws Exception {
        Response malformed = post("/api/jobs/api-types/run", OPERATOR, "{\"parameters\": {");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).startsWith("malformed JSON");
        Response unknownParameter = post("/api/jobs/api-types/run", OPERATOR, "{\"parameters\": {\"NOPE\": \"1\"}}");
        assertThat(unknownParameter.status()).isEqualTo(400);
        assertThat(unknownParameter.json().get("error").asText()).contains("'NOPE' is not a parameter of query all-types.sql");
        assertThat(post("/api/jobs/api-types/run", OPERATOR, "{\"parameters\": [1]}").status()).isEqualTo(400);
        assertThat(post("/api/jobs/api-types/run", OPERATOR, "{\"params\": {}}").status()).isEqualTo(400);
        assertThat(post("/api/jobs/api-types/run", OPERATOR, "[]").status()).isEqualTo(400);
    }

    @Test
    void disabledJobsDoNotRunUntilEnabledAgain() throws Exception {
        JsonNode disabled = post("/api/jobs/api-switch/disable", OPERATOR, null).json();
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        // the route stays started: a disabled job's fires are refused by the scheduler on every instance
        assertThat(disabled.get("route_status").asText()).isEqualTo("Started");
        assertThat(get("/api/jobs/api-switch", VIEWER).json().get("next_fire_time").isNull()).isTrue();
        Response refused = post("/api/jobs/api-switch/run", OPERATOR, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).contains("disabled");
        // the launcher itself refuses too
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> launcher.runNow("api-switch", io.querycast.run.Trigger.MANUAL, java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("job api-switch is disabled");

        JsonNode enabled = post("/api/jobs/api-switch/enable", OPERATOR, null).json();
        assertThat(enabled.get("enabled").asBoolean()).isTrue();
        assertThat(enabled.get("next_fire_time").asText()).startsWith("2099-01-01");
        assertThat(post("/api/jobs/api-switch/run", OPERATOR, null).status()).isEqualTo(202);
    }

    // ---- Kafka

    @Test
    void kafkaConnectionsAreListedWithSecretsMasked() throws Exception {
        JsonNode conns = get("/api/kafka/connections", VIEWER).json().get("connections");
        assertThat(conns.findValuesAsText("name")).containsExactly("default", "sasl_cluster");
        JsonNode sasl = conns.get(1);
        assertThat(sasl.get("password").asText()).isEqualTo("******");
        assertThat(sasl.get("username").asText()).isEqualTo("qc-sasl-user");
        assertThat(sasl.get("sasl_mechanism").asText()).isEqualTo("PLAIN");
    }

    @Test
    void kafkaTestReportsTheClusterOrAClearError() throws Exception {
        JsonNode ok = post("/api/kafka/test", OPERATOR, "{\"connection\": \"default\"}").json();
        assertThat(ok.get("up").asBoolean()).isTrue();
        assertThat(ok.get("cluster_id").asText()).isNotBlank();
        assertThat(ok.get("brokers").asInt()).isEqualTo(1);
        assertThat(ok.get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(ok.get("topics").findValuesAsText("")).isEmpty();
        assertThat(JSON.convertValue(ok.get("topics"), List.class)).contains("qc.api.types", "qc.api.send");

        long start = System.nanoTime();
        Response unknown = post("/api/kafka/test", OPERATOR, "{\"connection\": \"localhost:9092\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).startsWith("unknown Kafka connection 'localhost:9092'");
        // answered from the configuration: nothing was contacted (a probe waits up to the 3 s timeout)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        Response sasl = post("/api/kafka/test", OPERATOR, "{\"connection\": \"sasl_cluster\"}");
        assertThat(sasl.status()).isEqualTo(502);
        assertThat(sasl.json().get("up").asBoolean()).isFalse();
        assertThat(sasl.json().get("error").asText()).startsWith("Kafka connection 'sasl_cluster': ");

        assertThat(post("/api/kafka/test", OPERATOR, "{}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/test", OPERATOR, "{\"connection\": 1}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/test", OPERATOR, "not json").status()).isEqualTo(400);
    }

    @Test
    void topicsAndHealthOfTheClusters() throws Exception {
        Response topics = get("/api/kafka/topics?connection=default", VIEWER);
        assertThat(topics.status()).as(topics.body()).isEqualTo(200);
        assertThat(JSON.convertValue(topics.json().get("topics"), List.class)).contains("qc.api.batch");
        assertThat(get("/api/kafka/topics?connection=nope", VIEWER).status()).isEqualTo(404);

        Response health = get("/api/kafka/health", VIEWER);
        // the SASL cluster points at a PLAINTEXT listener: down, and the whole is down
        assertThat(health.status()).isEqualTo(503);
        JsonNode clusters = health.json().get("clusters");
        assertThat(clusters.get(0).get("up").asBoolean()).isTrue();
        assertThat(clusters.get(1).get("up").asBoolean()).isFalse();
    }

    @Test
    void aMessageIsSentThroughTheClustersProducer() throws Exception {
        Response sent = post("/api/kafka/send", OPERATOR,
                "{\"topic\": \"qc.api.send\", \"key\": \"k-1\", \"value\": {\"a\": 1}, \"headers\": {\"origin\": \"api-test\"}}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().get("offset").asLong()).isGreaterThanOrEqualTo(0);
        ConsumerRecord<String, byte[]> record = TopicReader.readAll(bootstrap, "qc.api.send", 1, WAIT).stream()
                .filter(r -> "k-1".equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(new String(record.headers().lastHeader("origin").value(), StandardCharsets.UTF_8)).isEqualTo("api-test");

        assertThat(post("/api/kafka/send", OPERATOR, "{\"topic\": \"bad topic!\", \"value\": \"x\"}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/send", OPERATOR, "{\"topic\": \"..\", \"value\": \"x\"}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/send", OPERATOR, "{\"topic\": \"" + "t".repeat(250) + "\", \"value\": \"x\"}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/send", OPERATOR, "{\"topic\": \"qc.api.send\"}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/send", OPERATOR, "{\"topic\": \"qc.api.send\", \"value\": \"x\", \"connection\": \"nope\"}").status()).isEqualTo(404);
    }

    @Test
    void aBatchIsSentInBatchesAndCounted() throws Exception {
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            messages.append(i == 0 ? "" : ",").append("{\"key\": \"b-").append(i).append("\", \"value\": \"v-").append(i).append("\"}");
        }
        Response r = post("/api/kafka/batch", OPERATOR, "{\"topic\": \"qc.api.batch\", \"batch_size\": 100, \"messages\": [" + messages + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("total").asInt()).isEqualTo(250);
        assertThat(r.json().get("succeeded").asInt()).isEqualTo(250);
        assertThat(r.json().get("failed").asInt()).isZero();
        assertThat(r.json().get("errors")).isEmpty();
        assertThat(r.json().has("duration_ms")).isTrue();
        assertThat(TopicReader.readAll(bootstrap, "qc.api.batch", 250, WAIT)).hasSize(250);

        String one = "[{\"value\": \"x\"}]";
        assertThat(post("/api/kafka/batch", OPERATOR, "{\"topic\": \"qc.api.batch\", \"batch_size\": 0, \"messages\": " + one + "}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/batch", OPERATOR, "{\"topic\": \"qc.api.batch\", \"batch_size\": 1001, \"messages\": " + one + "}").status()).isEqualTo(400);
        assertThat(post("/api/kafka/batch", OPERATOR, "{\"topic\": \"qc.api.batch\", \"messages\": []}").status()).isEqualTo(400);
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1001, "{\"value\": \"x\"}")) + "]";
        assertThat(post("/api/kafka/batch", OPERATOR, "{\"topic\": \"qc.api.batch\", \"messages\": " + tooMany + "}").status()).isEqualTo(400);
    }

    @Test
    void bodiesOverOneMegabyteAreRefused() throws Exception {
        String big = "{\"topic\": \"qc.api.send\", \"value\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertThat(post("/api/kafka/send", OPERATOR, big).status()).isEqualTo(413);
    }

    // ---- databases, health, OpenAPI

    @Test
    void databasesAreListedMaskedAndTested() throws Exception {
        JsonNode conns = get("/api/db/connections", VIEWER).json().get("connections");
        assertThat(conns.findValuesAsText("name")).containsExactly("secured", "types");
        assertThat(conns.get(0).get("password").asText()).isEqualTo("******");
        assertThat(conns.get(1).get("password").isNull()).isTrue();

        Response ok = post("/api/db/test", OPERATOR, "{\"connection\": \"secured\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("up").asBoolean()).isTrue();
        assertThat(ok.json().get("product").asText()).startsWith("H2");
        assertThat(ok.json().get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);

        Response unknown = post("/api/db/test", OPERATOR, "{\"connection\": \"jdbc:h2:mem:x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).startsWith("unknown database connection");
    }

    @Test
    void actuatorHealthHasEveryConnection() throws Exception {
        JsonNode health = get("/actuator/health", VIEWER).json();
        JsonNode components = health.get("components");
        assertThat(components.get("kafkaClusters").get("components").get("default").get("status").asText()).isEqualTo("UP");
        JsonNode sasl = components.get("kafkaClusters").get("components").get("sasl_cluster");
        assertThat(sasl.get("status").asText()).isEqualTo("DOWN");
        assertThat(sasl.get("details").get("last_error").asText()).startsWith("Kafka connection 'sasl_cluster'");
        assertThat(java.time.Instant.parse(sasl.get("details").get("checked_at").asText())).isBefore(java.time.Instant.now());
        assertThat(components.get("databases").get("components").get("types").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("databases").get("components").get("secured").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void openApiDescribesTheEndpoints() throws Exception {
        Response r = get("/api/openapi.json", VIEWER);
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = r.json().get("paths");
        assertThat(paths.has("/api/jobs")).isTrue();
        assertThat(paths.has("/api/jobs/{id}/run")).isTrue();
        assertThat(paths.has("/api/kafka/batch")).isTrue();
        assertThat(paths.has("/api/db/test")).isTrue();
        assertThat(paths.has("/api/kafka/metrics/summary")).isTrue();
        assertThat(paths.get("/api/history").get("get").get("parameters").findValuesAsText("name"))
                .containsExactly("job", "status", "mode", "from", "to", "limit", "offset");
        assertThat(paths.has("/api/events/{eventType}")).isTrue();
        assertThat(paths.has("/api/events/status")).isTrue();
        assertThat(paths.get("/api/jobs/{id}/preview").get("get").get("parameters").findValuesAsText("name")).containsExactly("id", "rows");
        assertThat(paths.has("/api/alerts")).isTrue();
        assertThat(paths.has("/api/jobs/{id}/watermark/rewind")).isTrue();
        assertThat(paths.has("/api/jobs/{id}/audit")).isTrue();
        assertThat(paths.get("/api/jobs/{id}").has("put")).isTrue();
        assertThat(paths.get("/api/jobs/{id}").has("delete")).isTrue();
        assertThat(paths.get("/api/jobs").has("post")).isTrue();
        assertThat(paths.has("/api/reload")).isTrue();
        assertThat(paths.has("/api/cron")).isTrue();
        // typed bodies: the job editor's request and answers, with the API's snake_case names
        JsonNode create = paths.get("/api/jobs").get("post");
        String createSchema = create.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asText();
        JsonNode schemas = r.json().get("components").get("schemas");
        JsonNode jobFields = schemas.get(createSchema.substring(createSchema.lastIndexOf('/') + 1));
        assertThat(jobFields.get("properties").has("db_connection")).as(jobFields.toString()).isTrue();
        assertThat(jobFields.get("properties").has("batch_size")).isTrue();
        JsonNode put = paths.get("/api/jobs/{id}").get("put");
        assertThat(put.get("responses").has("412")).isTrue();
        assertThat(put.get("responses").has("428")).isTrue();
        assertThat(put.get("parameters").findValuesAsText("name")).contains("id", "If-Match");
        String audit = paths.get("/api/jobs/{id}/audit").get("get").get("responses").get("200").get("content").get("application/json")
                .get("schema").get("$ref").asText();
        assertThat(schemas.get(audit.substring(audit.lastIndexOf('/') + 1)).get("properties").has("entries")).isTrue();
        String run = paths.get("/api/jobs/{id}/run").get("post").get("responses").get("200").toString();
        assertThat(run).contains("RunAccepted");
        assertThat(schemas.toString()).contains("\"run_id\"", "\"in_force\"", "\"next_fire_times\"");
        assertThat(paths.has("/api/queries")).isTrue();
        // 20 + the dashboard's /api/me and /api/status + /api/alerts + the jobs' preview + /api/replays + the watermark's 3
        // (routes/watermarks.yaml) + the job editor's audit, /api/reload, /api/cron, /api/queries
        assertThat(paths.size()).isEqualTo(32);
    }

    /**
     * Every operation of /api/openapi.json declares the JSON schema of each answer it documents and of its request
     * body where it takes one; and those schemas name the fields the handlers really write: real answers of the GET
     * endpoints, a run through the API, a preview, connection tests and refusals are compared with them key by key
     * (a key the handler writes that its schema lacks fails, and so does a property no answer held).
     */
    @Test
    void openApiSchemasNameTheFieldsTheHandlersWrite() throws Exception {
        JsonNode doc = get("/api/openapi.json", VIEWER).json();
        OpenApiShapes shapes = new OpenApiShapes(doc);
        // bodiless POSTs (the events' body is any JSON value, sent as it is)
        java.util.Set<String> withoutBody = java.util.Set.of("post /api/jobs/{id}/enable", "post /api/jobs/{id}/disable",
                "post /api/jobs/{id}/watermark/confirm", "post /api/reload", "post /api/events/{eventType}");
        int operations = 0;
        for (java.util.Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (java.util.Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String name = op.getKey() + " " + path.getKey();
                operations++;
                JsonNode responses = op.getValue().get("responses");
                assertThat(responses.has("200")).as(name).isTrue();
                responses.fieldNames().forEachRemaining(code -> {
                    assertThat(code).as(name).matches("[1-5][0-9][0-9]");
                    shapes.response(path.getKey(), op.getKey(), Integer.parseInt(code));
                });
                if (!op.getKey().equals("get") && !op.getKey().equals("delete") && !withoutBody.contains(name)) {
                    shapes.check(shapes.request(path.getKey(), op.getKey()), JSON.createObjectNode(), name);
                }
            }
        }
        assertThat(operations).isEqualTo(36);
        // the request schemas name what the handlers take
        assertThat(shapes.properties("JobFields")).isEqualTo(io.querycast.job.JobsReader.fields());
        assertThat(shapes.properties("RunRequest")).containsExactly("parameters");
        assertThat(shapes.properties("ReplayRequest")).containsExactlyInAnyOrder("job", "run", "from", "to", "reason");
        Response replay = post("/api/replays", OPERATOR, "{\"job\": null, \"run\": null, \"from\": null, \"to\": null, \"reason\": null}");
        assertThat(replay.json().get("error").asText()).startsWith("job is required");
        shapes.checkAnswer("/api/replays", "POST", replay.status(), replay.json());

        Response started = post("/api/jobs/api-types/run", OPERATOR, "{\"parameters\": {\"CATEGORY\": \"A\"}}");
        shapes.checkAnswer("/api/jobs/{id}/run", "POST", started.status(), started.json());
        String runId = started.json().get("run_id").asText();
        assertThat(RunAwaiter.awaitFinished(history, runId, WAIT).status()).isEqualTo(RunStatus.SUCCESS);

        String[][] answers = {
                {"/api/jobs", "/api/jobs"}, {"/api/jobs/{id}", "/api/jobs/api-types"}, {"/api/jobs/{id}", "/api/jobs/no-such-job"},
                {"/api/jobs/{id}/audit", "/api/jobs/api-types/audit"}, {"/api/history", "/api/history?job=api-types"},
                {"/api/history", "/api/history?limit=0"}, {"/api/history/{runId}", "/api/history/" + runId},
                {"/api/me", "/api/me"}, {"/api/status", "/api/status"}, {"/api/alerts", "/api/alerts"},
                {"/api/cron", "/api/cron?expression=0%208%20*%20*%20*&timezone=UTC"}, {"/api/queries", "/api/queries"},
                {"/api/kafka/connections", "/api/kafka/connections"}, {"/api/kafka/topics", "/api/kafka/topics"},
                {"/api/kafka/health", "/api/kafka/health"}, {"/api/kafka/metrics/summary", "/api/kafka/metrics/summary"},
                {"/api/kafka/metrics/hourly", "/api/kafka/metrics/hourly"}, {"/api/kafka/metrics/topics", "/api/kafka/metrics/topics"},
                {"/api/db/connections", "/api/db/connections"}, {"/api/events/status", "/api/events/status"},
                {"/api/jobs/{id}/watermark", "/api/jobs/api-types/watermark"}};
        for (String[] a : answers) {
            Response r = get(a[1], VIEWER);
            shapes.checkAnswer(a[0], "GET", r.status(), r.json());
        }
        Response preview = get("/api/jobs/api-types/preview?rows=1", OPERATOR);
        shapes.checkAnswer("/api/jobs/{id}/preview", "GET", preview.status(), preview.json());
        for (String[] test : new String[][]{{"/api/kafka/test", "default"}, {"/api/kafka/test", "nope"}, {"/api/db/test", "types"}}) {
            Response r = post(test[0], OPERATOR, "{\"connection\": \"" + test[1] + "\"}");
            shapes.checkAnswer(test[0], "POST", r.status(), r.json());
        }
        // the job file's own fields, as GET /api/jobs/{id} shows them, are fields of the editor's schema
        shapes.check(shapes.ref("JobFields"), get("/api/jobs/api-types", VIEWER).json().get("fields"), "fields of api-types");

        for (String schema : List.of("JobList", "Schedule", "DeliveryView", "QueryParameterView", "RunView", "RunPage", "RunAccepted",
                "AuditPage", "Me", "StatusAnswer", "KafkaStatus", "ProducerStatus", "DatabaseStatus", "Alerts", "AlertRuleView",
                "AlertChannels", "CronAnswer", "QueryList", "KafkaConnectionList", "DatabaseConnectionList", "DatabaseConnectionView",
                "KafkaTopics", "KafkaHealth", "KafkaProbe", "DatabaseProbe", "Summary", "Period", "HourlyMetrics", "Hour",
                "TopicMetrics", "TopicStats", "EventsStatus", "Preview", "PreviewRecord")) {
            shapes.assertEverySeen(schema);
        }
        // written only for a job file with mistakes that is not in force / a query file that cannot be read /
        // a cluster with SSL settings / configuration mistakes
        shapes.assertEverySeen("JobView", "errors");
        shapes.assertEverySeen("QueryView", "error");
        shapes.assertEverySeen("KafkaConnectionView", "ssl");
        shapes.assertEverySeen("ErrorBody", "errors");
    }

    // ---- preview (dry run)

    @Test
    void previewShowsOperatorsTheRecordsAJobWouldSendAndSendsNothing() throws Exception {
        int onTopic = TopicReader.readAll(bootstrap, "qc.api.types", 0, Duration.ofSeconds(2)).size();
        int runs = history.recent("api-types", 1000).size();

        Response one = get("/api/jobs/api-types/preview?rows=1", OPERATOR);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        JsonNode p = one.json();
        assertThat(p.get("job").asText()).isEqualTo("api-types");
        assertThat(p.get("topic").asText()).isEqualTo("qc.api.types");
        assertThat(p.get("rows_limit").asInt()).isEqualTo(1);
        assertThat(p.get("more").asBoolean()).isTrue();
        JsonNode record = p.get("records").get(0);
        assertThat(record.get("key").asText()).isEqualTo("K1");
        assertThat(record.get("headers").get("job_id").asText()).isEqualTo("api-types");
        assertThat(record.get("headers").get("source_connection").asText()).isEqualTo("types");
        // the value as the job writes it, every digit kept
        assertThat(one.body()).contains("\"value\":{\"ID\":\"K1\",\"CATEGORY\":\"A\",\"D\":\"2026-01-16\"")
                .contains("\"AMOUNT\":1234567890.123456789,\"PRICE\":12.50");
        assertThat(p.get("schema").get("properties").get("AMOUNT").get("type").toString()).isEqualTo("[\"number\",\"null\"]");
        assertThat(p.get("schema").get("properties").has("_metadata")).isTrue();

        Response defaults = get("/api/jobs/api-types/preview", OPERATOR);
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("rows_limit").asInt()).isEqualTo(5);
        assertThat(defaults.json().get("records").findValuesAsText("key")).containsExactly("K1", "K2");
        assertThat(defaults.json().get("more").asBoolean()).isFalse();

        assertThat(TopicReader.readAll(bootstrap, "qc.api.types", 0, Duration.ofSeconds(2))).hasSize(onTopic);
        assertThat(history.recent("api-types", 1000)).hasSize(runs);
    }

    @Test
    void previewRefusesViewersAnonymousUnknownJobsAndBadRows() throws Exception {
        Response viewer = get("/api/jobs/api-types/preview", VIEWER);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.json().get("error").asText()).contains("role");
        assertThat(viewer.body()).doesNotContain("K1");
        assertThat(get("/api/jobs/api-types/preview", null).status()).isEqualTo(401);
        Response unknown = get("/api/jobs/nope/preview", OPERATOR);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unknown job 'nope'");
        for (String rows : List.of("0", "101", "-1", "abc", "1e3")) {
            Response r = get("/api/jobs/api-types/preview?rows=" + rows, OPERATOR);
            assertThat(r.status()).as(rows).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(rows).startsWith("rows must be");
        }
        Response extra = get("/api/jobs/api-types/preview?rows=2&topic=other", OPERATOR);
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().get("error").asText()).startsWith("unknown query parameter 'topic'");
        assertThat(get("/api/jobs/..%2F..%2Fetc%2Fpasswd/preview", OPERATOR).status()).isIn(400, 404);
        assertThat(post("/api/jobs/api-types/preview", OPERATOR, "{}").status()).isIn(404, 405);
    }

    // ---- last: secrets

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretInAnyResponseOrLogLine() throws Exception {
        // one more round of everything that shows or uses the secured connections
        get("/api/kafka/connections", OPERATOR);
        get("/api/db/connections", OPERATOR);
        post("/api/kafka/test", OPERATOR, "{\"connection\": \"sasl_cluster\"}");
        post("/api/db/test", OPERATOR, "{\"connection\": \"secured\"}");
        get("/actuator/health", OPERATOR);
        get("/actuator/health/kafkaClusters", OPERATOR);
        assertThat(BODIES).isNotEmpty().noneMatch(b -> b != null && b.contains(SECRET));
        assertThat(BODIES).noneMatch(b -> b != null && (b.contains("operator-test-password") || b.contains("viewer-test-password")));
        String log = LOG.text();
        assertThat(log).contains("Started api-types (quartz://querycast/api-types)");
        assertThat(log).as("the failed logins are logged").contains("API login failed: user 'throttled-user'");
        assertThat(log).doesNotContain(SECRET).doesNotContain("operator-test-password")
                .doesNotContain("viewer-test-password").doesNotContain("guess-again");
    }
}
