package io.querycast.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.OpenApiShapes;
import io.querycast.support.RunAwaiter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/jobs/{id}/watermark} over real HTTP (security on, H2, a real broker): show, set, rewind to a value
 * and to a time, each audited with who and old -> new; a changed query refuses the job until an operator confirms;
 * and the requests it must refuse (viewer, anonymous, a session without its CSRF token, not JSON, malformed or
 * unknown fields, unknown job, a bulk job).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/feeds-api/connections.yaml",
        "querycast.jobs-dir=src/test/config/feeds-api/jobs"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.feed.api", "qc.feed.api.DLT", "qc.feed.api.bulk", "qc.feed.api.bulk.DLT", "qc.feed.api.overlap", "qc.feed.api.overlap.DLT"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatermarkApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String QUERY = "SELECT ID, K, UPDATED_AT FROM feed_api\n";
    static Path queries;

    @LocalServerPort
    int port;
    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void queryFile() throws Exception {
        queries = Files.createTempDirectory("feed-api-queries");
        Files.writeString(queries.resolve("feed-api.sql"), QUERY);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        if (queries == null) {
            queryFile();
        }
        registry.add("querycast.queries-dir", () -> queries.toString());
        Files.copy(Path.of("src/test/queries/feed-overlap.sql"), queries.resolve("feed-overlap.sql"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        registry.add("querycast.state.url", () -> "jdbc:h2:mem:feed-api-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    record Response(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    HttpRequest.Builder request(String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    Response send(HttpClient client, HttpRequest r) throws Exception {
        HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    Response call(String method, String path, String credentials, String contentType, String body) throws Exception {
        HttpRequest.Builder b = request(path, credentials);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(http, b.build());
    }

    Response get(String path, String credentials) throws Exception {
        return send(http, request(path, credentials).GET().build());
    }

    private RunRecord run(String job) {
        RunRecord run = RunAwaiter.awaitFinished(history, launcher.runNow(job, Trigger.MANUAL, Map.of()), Duration.ofSeconds(60));
        return run;
    }

    @Test
    @Order(1)
    void showSetRewindAreAuditedWithWhoAndOldToNew() throws Exception {
        RunRecord first = run("api-feed");
        assertThat(first.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(first.sent()).isEqualTo(3);
        JsonNode shown = get("/api/jobs/api-feed/watermark", VIEWER).json();
        assertThat(shown.get("state").asText()).isEqualTo("ready");
        assertThat(shown.at("/watermark/last_id").asLong()).isEqualTo(3);
        assertThat(shown.at("/watermark/last_timestamp").asText()).isEqualTo("2026-12-01T08:10");
        assertThat(shown.at("/watermark/updated_by").asText()).isEqualTo("run " + first.runId());
        assertThat(shown.at("/poll_bound/method").asText()).isEqualTo("safety lag 0 s");
        assertThat(get("/api/jobs/api-feed", VIEWER).json().at("/feed/watermark/last_id").asLong()).isEqualTo(3);

        Response rewound = call("POST", "/api/jobs/api-feed/watermark/rewind", OPERATOR, "application/json",
                "{\"last_timestamp\": \"2026-12-01T08:00:00\", \"last_id\": 1}");
        assertThat(rewound.status()).as(rewound.body()).isEqualTo(200);
        JsonNode change = rewound.json().get("changes").get(0);
        assertThat(change.get("action").asText()).isEqualTo("rewind");
        assertThat(change.get("by").asText()).isEqualTo("test-operator");
        assertThat(change.at("/old/last_id").asText()).isEqualTo("3");
        assertThat(change.at("/new/last_id").asText()).isEqualTo("1");
        assertThat(change.at("/new/last_timestamp").asText()).isEqualTo("2026-12-01T08:00");
        assertThat(run("api-feed").sent()).as("the rows after the rewound watermark come again").isEqualTo(2);

        Response forward = call("POST", "/api/jobs/api-feed/watermark/rewind", OPERATOR, "application/json", "{\"last_timestamp\": \"2027-01-01T00:00:00\", \"last_id\": 1}");
        assertThat(forward.status()).as(forward.body()).isEqualTo(409);
        assertThat(forward.json().get("error").asText()).contains("rewind goes back");

        Response set = call("PUT", "/api/jobs/api-feed/watermark", OPERATOR, "application/json", "{\"last_timestamp\": \"2026-12-01T08:05:00\", \"last_id\": 2}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().at("/watermark/updated_by").asText()).isEqualTo("test-operator");
        assertThat(run("api-feed").sent()).isEqualTo(1);

        Response reset = call("PUT", "/api/jobs/api-feed/watermark", OPERATOR, "application/json", "{}");
        assertThat(reset.json().get("changes").get(0).get("action").asText()).isEqualTo("reset");
        assertThat(run("api-feed").sent()).as("from the start again").isEqualTo(3);
        assertThat(reset.json().get("changes")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(2)
    void aChangedQueryRefusesTheJobUntilAnOperatorConfirms() throws Exception {
        assertThat(run("api-feed").status()).isEqualTo(RunStatus.SUCCESS);
        Files.writeString(queries.resolve("feed-api.sql"), "SELECT ID, K, UPDATED_AT FROM feed_api WHERE K <> 'z'\n");
        try {
            RunRecord refused = run("api-feed");
            assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
            assertThat(refused.error()).contains("the query feed-api.sql (or the feed's mode or columns) changed since its watermark")
                    .contains("POST /api/jobs/api-feed/watermark/confirm");
            JsonNode job = get("/api/jobs/api-feed", VIEWER).json();
            assertThat(job.at("/feed/state").asText()).isEqualTo("needs_confirmation");
            assertThat(job.at("/feed/refused").asText()).contains("does not run until an operator confirms");

            assertThat(call("POST", "/api/jobs/api-feed/watermark/confirm", VIEWER, "application/json", null).status()).isEqualTo(403);
            Response confirmed = call("POST", "/api/jobs/api-feed/watermark/confirm", OPERATOR, "application/json", null);
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
            assertThat(confirmed.json().get("state").asText()).isEqualTo("ready");
            assertThat(confirmed.json().get("changes").get(0).get("action").asText()).isEqualTo("confirm");
            RunRecord again = run("api-feed");
            assertThat(again.status()).isEqualTo(RunStatus.SUCCESS);
            assertThat(again.sent()).as("the confirmed watermark holds: nothing new").isZero();
            assertThat(call("POST", "/api/jobs/api-feed/watermark/confirm", OPERATOR, "application/json", null).status())
                    .as("nothing left to confirm").isEqualTo(409);
        } finally {
            Files.writeString(queries.resolve("feed-api.sql"), QUERY);
        }
    }

    @Test
    @Order(3)
    void requestsItMustRefuse() throws Exception {
        String body = "{\"last_id\": 1, \"last_timestamp\": \"2026-12-01T08:00:00\"}";
        // role bounds: the viewer reads, the operator changes; nobody anonymous
        assertThat(call("PUT", "/api/jobs/api-feed/watermark", VIEWER, "application/json", body).status()).isEqualTo(403);
        assertThat(call("POST", "/api/jobs/api-feed/watermark/rewind", VIEWER, "application/json", body).status()).isEqualTo(403);
        assertThat(call("PUT", "/api/jobs/api-feed/watermark", null, "application/json", body).status()).isEqualTo(401);
        assertThat(get("/api/jobs/api-feed/watermark", null).status()).isEqualTo(401);
        // JSON only
        for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded"}) {
            assertThat(call("PUT", "/api/jobs/api-feed/watermark", OPERATOR, type, body).status()).as(String.valueOf(type)).isEqualTo(415);
        }
        // malformed, unknown fields, wrong types, values the mode has no place for
        for (String bad : List.of("{\"last_id\": ", "[1]", "{\"last_id\": \"ten\"}", "{\"lastId\": 1}", "{\"last_id\": 1.5}",
                "{\"last_timestamp\": \"yesterday\"}", "{\"last_id\": 5}", "{\"to_time\": \"2026-12-01T08:00:00\"}")) {
            Response r = call("POST", "/api/jobs/api-feed/watermark/rewind", OPERATOR, "application/json", bad);
            assertThat(r.status()).as(bad + " -> " + r.body()).isEqualTo(400);
        }
        assertThat(call("PUT", "/api/jobs/api-feed/watermark", OPERATOR, "application/json", null).status()).as("no body").isEqualTo(400);
        // a job that is not there, or has no watermark
        assertThat(get("/api/jobs/nope/watermark", VIEWER).status()).isEqualTo(404);
        assertThat(call("PUT", "/api/jobs/nope/watermark", OPERATOR, "application/json", body).status()).isEqualTo(404);
        assertThat(call("PUT", "/api/jobs/..%2Fapi-feed/watermark", OPERATOR, "application/json", body).status()).isIn(400, 404);
        Response bulk = call("PUT", "/api/jobs/api-bulk/watermark", OPERATOR, "application/json", body);
        assertThat(bulk.status()).isEqualTo(409);
        assertThat(bulk.json().get("error").asText()).contains("has mode bulk");

        // a dashboard session without its CSRF token changes nothing; with it, it does
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String loginToken = match(Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\""), send(browser, request("/login", null).GET().build()).body());
        String form = "username=test-operator&password=" + URLEncoder.encode("operator-test-password", StandardCharsets.UTF_8) + "&_csrf=" + loginToken;
        assertThat(send(browser, request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()).status()).isEqualTo(302);
        String before = get("/api/jobs/api-feed/watermark", VIEWER).json().get("watermark").toString();
        Response noToken = send(browser, request("/api/jobs/api-feed/watermark", null).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(get("/api/jobs/api-feed/watermark", VIEWER).json().get("watermark").toString()).isEqualTo(before);
        String token = match(Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\""), send(browser, request("/", null).GET().build()).body());
        Response withToken = send(browser, request("/api/jobs/api-feed/watermark", null).header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", token).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    @Order(4)
    void theLagBoundsOverlapCatchesARowCommittedLateBelowTheWatermarkAndLeavesOutWhatWasDelivered() throws Exception {
        java.time.LocalDateTime now = java.time.LocalDateTime.now();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:qc-feeds-api", "sa", "");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO feed_overlap (id, k, updated_at) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                insert.setLong(1, i);
                insert.setString(2, "o" + i);
                insert.setObject(3, now.minusMinutes(10).plusSeconds(i));
                insert.executeUpdate();
            }
            // younger than safety_lag_s: not final yet, not read
            insert.setLong(1, 6);
            insert.setString(2, "o6");
            insert.setObject(3, now.plusMinutes(5));
            insert.executeUpdate();
            RunRecord first = run("api-overlap");
            assertThat(first.sent()).isEqualTo(5);
            // a transaction that stayed open longer than the lag commits a row stamped before the watermark
            insert.setLong(1, 7);
            insert.setString(2, "o7");
            insert.setObject(3, now.minusMinutes(10));
            insert.executeUpdate();
        }
        RunRecord second = run("api-overlap");
        assertThat(second.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(second.sent()).as("only the late row: the five delivered before are left out").isEqualTo(1);
        assertThat(meters.find(FeedMeters.SUPPRESSED).tag("job", "api-overlap").counter().count()).isEqualTo(5.0);
        java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records =
                io.querycast.support.TopicReader.readAll(bootstrap, "qc.feed.api.overlap", 6, Duration.ofSeconds(30));
        assertThat(records).extracting(org.apache.kafka.clients.consumer.ConsumerRecord::key).containsExactlyInAnyOrder("o1", "o2", "o3", "o4", "o5", "o7");
        assertThat(meters.find(FeedMeters.BOUND_LAG).tag("job", "api-overlap").gauge().value()).isBetween(4.0, 120.0);
    }

    /**
     * The watermark's answers and the jobs' feed part hold the fields /api/openapi.json names for them, no more
     * (a key its schema lacks fails) and no fewer (a property no answer held fails); a body of every field the
     * request schemas name is taken, none refused as unknown.
     */
    @Test
    @Order(5)
    void openApiSchemasNameTheWatermarkFields() throws Exception {
        OpenApiShapes shapes = new OpenApiShapes(get("/api/openapi.json", VIEWER).json());
        String path = "/api/jobs/{id}/watermark";
        for (String job : List.of("api-feed", "api-overlap", "api-bulk", "nope")) {
            Response r = get("/api/jobs/" + job + "/watermark", VIEWER);
            shapes.checkAnswer(path, "GET", r.status(), r.json());
        }
        Response list = get("/api/jobs", VIEWER);
        shapes.checkAnswer("/api/jobs", "GET", list.status(), list.json());

        assertThat(shapes.properties("WatermarkSet")).containsExactlyInAnyOrder("last_id", "last_timestamp");
        assertThat(shapes.properties("WatermarkRewind")).containsExactlyInAnyOrder("last_id", "last_timestamp", "to_time");
        for (String[] change : new String[][]{{"PUT", path, "WatermarkSet"}, {"POST", path + "/rewind", "WatermarkRewind"}}) {
            StringBuilder body = new StringBuilder("{");
            shapes.properties(change[2]).forEach(p -> body.append(body.length() > 1 ? ", " : "").append('"').append(p).append("\": null"));
            Response r = call(change[0], change[1].replace("{id}", "api-feed"), OPERATOR, "application/json", body.append('}').toString());
            assertThat(r.body()).as(change[2]).doesNotContain("unknown field");
            shapes.checkAnswer(change[1], change[0], r.status(), r.json());
        }
        Response confirm = call("POST", "/api/jobs/api-feed/watermark/confirm", OPERATOR, "application/json", null);
        shapes.checkAnswer(path + "/confirm", "POST", confirm.status(), confirm.json());

        // error: only when the feed's state cannot be read; refused: only while a changed query waits for confirmation
        shapes.assertEverySeen("WatermarkView", "error", "refused");
        shapes.assertEverySeen("FeedView", "error", "refused");
        for (String schema : List.of("WatermarkPosition", "PollBound", "SqlHash", "WatermarkChangeView", "PositionText", "ErrorBody")) {
            shapes.assertEverySeen(schema, schema.equals("ErrorBody") ? new String[]{"errors"} : new String[0]);
        }
    }

    @org.springframework.beans.factory.annotation.Value("${QC_TEST_KAFKA}")
    String bootstrap;

    static String match(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as("token in " + html).isTrue();
        return m.group(1);
    }
}
