package io.querycast.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/replays over real HTTP against the running application: dead letters written as the export writes
 * them (a real one from a run, and crafted ones with the same dlt_* headers) are read back from the job's real
 * dead-letter topic, filtered by run, time and reason, and re-sent through the job's delivery route to its
 * topic with their headers minus dlt_*; the replay is a run of its own with exact counts. And the requests
 * it must refuse.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/shape/connections.yaml",
        "querycast.jobs-dir=src/test/config/replay/jobs",
        "querycast.queries-dir=src/test/config/shape/queries"})
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.replay.orders", "qc.replay.orders.DLT"})
class DeadLetterReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "qc.replay.orders";
    private static final String DLT = "qc.replay.orders.DLT";

    @LocalServerPort
    int port;
    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void chosenDeadLettersGoBackToTheirTopicWithTheirHeadersAsARunOfTheirOwn() throws Exception {
        // a real dead letter: K2's NULL key part
        String exportRun = launcher.runNow("replay-orders", Trigger.MANUAL, Map.of());
        RunRecord export = RunAwaiter.awaitFinished(history, exportRun, WAIT);
        assertThat(export.deadLettered()).isEqualTo(1);
        long earlier = TopicReader.count(bootstrap, DLT) - 1;

        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(letter("other-run", "k-a", "{\"n\":1}", "TimeoutException", "Expiring 1 record(s)", t0, TOPIC, false)).get();
            producer.send(letter("other-run", "k-b", "{\"n\":2}", "RecordTooLargeException", "too large", t0.plusSeconds(60), TOPIC, true)).get();
            producer.send(letter("other-run", "k-c", "{\"n\":3}", "TimeoutException", "Expiring 1 record(s)", t0.plusSeconds(7200), TOPIC, false)).get();
            producer.send(letter("other-run", "k-d", "{\"n\":4}", "TimeoutException", "Expiring 1 record(s)", t0.plusSeconds(30), "qc.replay.renamed", false)).get();
            producer.send(letter("third-run", "k-e", "{\"n\":5}", "NotLeaderException", "leader moved", t0.plusSeconds(30), TOPIC, false)).get();
        }
        long letters = earlier + 6;
        assertThat(TopicReader.count(bootstrap, DLT)).isEqualTo(letters);

        // by run and time: k-a and k-b (truncated, skipped) are in, k-c is too late, k-d of another topic, k-e another run
        JsonNode byRun = postJson("{\"job\": \"replay-orders\", \"run\": \"other-run\", \"from\": \"2026-11-30T09:00:00Z\", \"to\": \"2026-11-30T11:00:00Z\"}", OPERATOR, 200);
        assertThat(byRun.get("trigger").asText()).isEqualTo("replay");
        assertThat(byRun.get("status").asText()).isEqualTo("success");
        assertThat(byRun.get("letters_read").asLong()).isEqualTo(letters);
        assertThat(List.of(byRun.get("matched").asLong(), byRun.get("sent").asLong(), byRun.get("skipped_truncated").asLong(),
                byRun.get("other_topic").asLong(), byRun.get("failed").asLong())).containsExactly(2L, 1L, 1L, 1L, 0L);

        RunRecord replayRun = history.find(byRun.get("run_id").asText()).orElseThrow();
        assertThat(replayRun.trigger()).isEqualTo(Trigger.REPLAY);
        assertThat(replayRun.parameters()).containsEntry("RUN", "other-run").containsEntry("FROM", "2026-11-30T09:00:00Z");
        assertThat(List.of(replayRun.rowsRead(), replayRun.sent(), replayRun.skipped(), replayRun.failed(), replayRun.deadLettered()))
                .containsExactly(2L, 1L, 1L, 0L, 0L);

        List<ConsumerRecord<String, byte[]>> onTopic = TopicReader.readAll(bootstrap, TOPIC, 3, WAIT);
        ConsumerRecord<String, byte[]> replayed = onTopic.stream().filter(r -> "k-a".equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(replayed.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(header(replayed, "export_id")).as("original headers kept").isEqualTo("other-run");
        assertThat(header(replayed, "source_query")).isEqualTo("orders.sql");
        assertThat(replayed.headers().toArray()).extracting(Header::key).noneMatch(k -> k.startsWith("dlt_"));

        // by reason, case ignored: only k-e
        JsonNode byReason = postJson("{\"job\": \"replay-orders\", \"reason\": \"notleader\"}", OPERATOR, 200);
        assertThat(List.of(byReason.get("matched").asLong(), byReason.get("sent").asLong())).containsExactly(1L, 1L);

        // the export's own letter (no key: NULL part) by its run id: re-sent as it was, headers of the export
        JsonNode real = postJson("{\"job\": \"replay-orders\", \"run\": \"" + exportRun + "\"}", OPERATOR, 200);
        assertThat(List.of(real.get("matched").asLong(), real.get("sent").asLong())).containsExactly(1L, 1L);
        List<ConsumerRecord<String, byte[]>> after = TopicReader.readAll(bootstrap, TOPIC, 5, WAIT);
        ConsumerRecord<String, byte[]> k2 = after.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).startsWith("{\"ID\":\"K2\""))
                .findFirst().orElseThrow();
        assertThat(header(k2, "export_id")).isEqualTo(exportRun);
        assertThat(header(k2, "job_id")).isEqualTo("replay-orders");
        assertThat(TopicReader.count(bootstrap, DLT)).as("nothing was dead-lettered again").isEqualTo(letters);
    }

    @Test
    void theCommandLineAsksTheServerAndReportsTheCounts() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(letter("cli-run", "k-cli", "{\"n\":9}", "TimeoutException", "Expiring", Instant.parse("2026-11-29T10:00:00Z"), TOPIC, false)).get();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Map<String, String> env = Map.of("QUERYCAST_PASSWORD", "operator-test-password");
        int code = io.querycast.cli.Cli.run(new String[]{"replay", "--job", "replay-orders", "--run", "cli-run", "--url", "http://localhost:" + port,
                "--user", "test-operator"}, new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, env::get);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).containsPattern("replay run \\S+ of job replay-orders: success").contains("matched 1: sent 1");
        assertThat(TopicReader.readAll(bootstrap, TOPIC, 1, WAIT)).extracting(ConsumerRecord::key).contains("k-cli");

        int refused = io.querycast.cli.Cli.run(new String[]{"replay", "--job", "replay-orders", "--url", "http://localhost:" + port,
                "--user", "test-viewer"}, new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                Map.of("QUERYCAST_PASSWORD", "viewer-test-password")::get);
        assertThat(refused).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("HTTP 403");
        assertThat(io.querycast.cli.Cli.run(new String[]{"replay", "--run", "x"}, System.out, System.err, env::get)).as("--job missing").isEqualTo(2);
    }

    @Test
    void refusesViewersMissingCsrfMalformedBodiesAndUnknownJobs() throws Exception {
        assertThat(post("{\"job\": \"replay-orders\"}", VIEWER, "application/json").statusCode()).isEqualTo(403);
        assertThat(post("{\"job\": \"replay-orders\"}", null, "application/json").statusCode()).isEqualTo(401);
        assertThat(post("{\"job\": \"replay-orders\"}", OPERATOR, "text/plain").statusCode()).isEqualTo(415);
        assertThat(postJson("{\"job\": \"no-such-job\"}", OPERATOR, 404).get("error").asText()).contains("unknown job 'no-such-job'");
        assertThat(postJson("{\"job\": ", OPERATOR, 400).get("error").asText()).contains("malformed JSON");
        assertThat(postJson("[]", OPERATOR, 400).get("error").asText()).contains("JSON object");
        assertThat(postJson("{}", OPERATOR, 400).get("error").asText()).contains("job is required");
        assertThat(postJson("{\"job\": \"replay-orders\", \"topic\": \"elsewhere\"}", OPERATOR, 400).get("error").asText())
                .contains("unknown field 'topic'");
        assertThat(postJson("{\"job\": \"replay-orders\", \"from\": \"yesterday\"}", OPERATOR, 400).get("error").asText()).contains("ISO-8601");
        assertThat(postJson("{\"job\": \"replay-orders\", \"from\": \"2026-12-02T00:00:00Z\", \"to\": \"2026-12-01T00:00:00Z\"}", OPERATOR, 400)
                .get("error").asText()).contains("from must be before to");
        String huge = "{\"job\": \"replay-orders\", \"reason\": \"" + "x".repeat(1_100_000) + "\"}";
        assertThat(post(huge, OPERATOR, "application/json").statusCode()).isEqualTo(413);

        // a dashboard session without its CSRF token
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String loginPage = browser.send(request("/login", null).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(token.find()).isTrue();
        String form = "username=test-operator&password=operator-test-password&_csrf=" + token.group(1);
        assertThat(browser.send(request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(302);
        HttpResponse<String> noToken = browser.send(request("/api/replays", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job\": \"replay-orders\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(history.search(new RunHistory.RunQuery("replay-orders", null, null, null, null, 50)))
                .noneMatch(r -> r.trigger() == Trigger.REPLAY && r.status() == RunStatus.RUNNING);
    }

    private ProducerRecord<byte[], byte[]> letter(String runId, String key, String value, String errorClass, String message, Instant failedAt,
                                                  String originalTopic, boolean truncated) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(DLT, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        header(r, "job_id", "replay-orders");
        header(r, "export_id", runId);
        header(r, "source_query", "orders.sql");
        header(r, "dlt_original_topic", originalTopic);
        header(r, "dlt_error_class", "org.apache.kafka.common.errors." + errorClass);
        header(r, "dlt_error_message", message);
        header(r, "dlt_job_id", "replay-orders");
        header(r, "dlt_export_id", runId);
        header(r, "dlt_attempts", "4");
        header(r, "dlt_failed_at", failedAt.toString());
        if (truncated) {
            header(r, "dlt_value_truncated", "true");
            header(r, "dlt_original_size", "2000000");
        }
        return r;
    }

    private static void header(ProducerRecord<byte[], byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(90));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private HttpResponse<String> post(String body, String credentials, String contentType) throws Exception {
        return http.send(request("/api/replays", credentials).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode postJson(String body, String credentials, int expected) throws Exception {
        HttpResponse<String> r = post(body, credentials, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }
}
