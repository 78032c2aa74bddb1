package io.querycast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.support.ConsoleCapture;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.PUBLISHER;
import static io.querycast.support.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the API must refuse, over real HTTP against the running application (random port, Spring Security
 * on, a real KRaft broker, H2): a dashboard session whose request also carries a wrong Basic header, API
 * POSTs that are not JSON, chunked bodies past the limit, a publisher aiming at a topic it was not given, the
 * test tools aiming at a dead-letter topic or forging dead-letter headers, bodies that are not UTF-8; and what
 * must not leak: a secret quoted by a database error into the run history and the log, topic names of the
 * caller's choosing as metric tags.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/api/connections.yaml",
        "querycast.jobs-dir=src/test/config/refusals/jobs",
        "querycast.queries-dir=src/test/queries",
        "querycast.state.password=" + ApiRefusalsTest.STATE_SECRET,
        "querycast.events.topics.order-created=qc.refusals.orders",
        // off by default; on here, so the topic-name rule of its endpointName tags is tested where it applies
        "camel.metrics.enable-exchange-event-notifier=true",
        "querycast.api.send-topics=qc.refusals.tool-*,qc.refusals.orders"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.refusals.echo", "qc.refusals.echo.DLT", "qc.refusals.switch", "qc.refusals.switch.DLT", "qc.refusals.orders",
                "qc.refusals.orders.DLT", "qc.refusals.tool-1", "qc.refusals.tool-2", "qc.refusals.tool-3", "qc.refusals.elsewhere"})
class ApiRefusalsTest {

    /** The secured database's password in src/test/config/api/connections.yaml. */
    static final String DB_SECRET = "Qc-Api-T3st-Secret-7731";
    static final String STATE_SECRET = "Qc-State-Secret-0042";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern CSRF_META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    /** Everything the JVM prints from here on (the application's log included), to search for secrets. */
    static final ConsoleCapture LOG = ConsoleCapture.start();

    @LocalServerPort
    int port;
    @Autowired
    RunHistory history;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    HttpRequest.Builder request(String path, String credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    Response send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    Response post(String path, String credentials, String contentType, String body) throws Exception {
        HttpRequest.Builder b = request(path, credentials);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(http, b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response postJson(String path, String credentials, String body) throws Exception {
        return post(path, credentials, "application/json", body);
    }

    Response get(String path, String credentials) throws Exception {
        return send(http, request(path, credentials).GET().build());
    }

    // ---- finding 4: CSRF with a session, JSON only

    static String match(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as("token in " + html).isTrue();
        return m.group(1);
    }

    @Test
    void aDashboardSessionNeedsItsCsrfTokenWhateverAuthorizationHeaderComesWithIt() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String loginToken = match(CSRF_INPUT, send(browser, request("/login", null).GET().build()).body());
        String form = "username=test-operator&password=" + URLEncoder.encode("operator-test-password", StandardCharsets.UTF_8) + "&_csrf=" + loginToken;
        HttpResponse<String> login = browser.send(request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        // the session cookie is never sent along by another site's page
        assertThat(login.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement().satisfies(c -> assertThat(c).contains("SameSite=Strict").contains("HttpOnly"));

        String wrong = "Basic " + Base64.getEncoder().encodeToString("test-operator:not-the-password".getBytes(StandardCharsets.UTF_8));
        for (String header : List.of(wrong, "Basic " + Base64.getEncoder().encodeToString(OPERATOR.getBytes(StandardCharsets.UTF_8)), "Bearer x")) {
            Response r = send(browser, request("/api/jobs/refusals-switch/disable", null).header("Authorization", header)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(r.status()).as(header + " " + r.body()).isEqualTo(403);
            assertThat(camel.getRouteController().getRouteStatus("refusals-switch").isStarted()).isTrue();
        }
        // with the session's token (as the dashboard sends it) the same request goes through
        String token = match(CSRF_META, send(browser, request("/", null).GET().build()).body());
        Response disabled = send(browser, request("/api/jobs/refusals-switch/disable", null).header("X-XSRF-TOKEN", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(postJson("/api/jobs/refusals-switch/enable", OPERATOR, null).status()).isEqualTo(200);
    }

    @Test
    void publishingAnEventTakesHttpBasicOnlyAndNeverASession() throws Exception {
        long before = TopicReader.count(bootstrap, "qc.refusals.orders");
        // an operator signed in on the dashboard: its session and token sign nobody in on the event path
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String loginToken = match(CSRF_INPUT, send(browser, request("/login", null).GET().build()).body());
        String form = "username=test-operator&password=" + URLEncoder.encode("operator-test-password", StandardCharsets.UTF_8) + "&_csrf=" + loginToken;
        assertThat(browser.send(request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);
        String token = match(CSRF_META, send(browser, request("/", null).GET().build()).body());
        Response bySession = send(browser, request("/api/events/order-created", null).header("X-XSRF-TOKEN", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\": 1}")).build());
        assertThat(bySession.status()).as(bySession.body()).isEqualTo(401);
        assertThat(bySession.json().get("error").asText()).contains("HTTP Basic");

        // with Basic: accepted, no session made, the API's security headers
        HttpResponse<String> ok = http.send(request("/api/events/order-created", PUBLISHER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 2}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(ok.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(ok.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        // wrong role, no credentials, a wrong password: JSON refusals, and nothing sent
        Response viewer = postJson("/api/events/order-created", VIEWER, "{\"n\": 3}");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.json().get("error").asText()).contains("role");
        HttpResponse<String> anonymous = http.send(request("/api/events/order-created", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 4}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"querycast\"");
        assertThat(postJson("/api/events/order-created", "test-publisher:wrong", "{\"n\": 5}").status()).isEqualTo(401);
        // a path beside the event path is the rest of the API's: a publisher may not POST there
        assertThat(postJson("/api/events/order-created/", PUBLISHER, "{\"n\": 6}").status()).isEqualTo(403);
        assertThat(TopicReader.count(bootstrap, "qc.refusals.orders")).isEqualTo(before + 1);

        // failed logins on the event path count for the rest of the API too (one throttle for both chains)
        String name = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            assertThat(postJson("/api/events/order-created", name + ":guess-" + i, "{}").status()).isEqualTo(401);
        }
        Response locked = get("/api/me", name + ":guess-5");
        assertThat(locked.status()).as(locked.body()).isEqualTo(429);
        assertThat(postJson("/api/events/order-created", name + ":guess-6", "{}").status()).isEqualTo(429);
    }

    @Test
    void apiPostsTakeJsonOnly() throws Exception {
        // a form, text/plain or no Content-Type at all: what another site's page can make a browser send
        for (String path : List.of("/api/jobs/refusals-switch/disable", "/api/jobs/refusals-switch/run", "/api/jobs/refusals-switch/enable",
                "/api/kafka/send", "/api/events/order-created")) {
            for (String type : new String[]{null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/json; charset=ISO-8859-1", "application/jsonp"}) {
                Response r = post(path, OPERATOR, type, "{\"topic\": \"qc.refusals.tool-1\", \"value\": \"x\"}");
                assertThat(r.status()).as(path + " " + type + " " + r.body()).isEqualTo(415);
                assertThat(r.json().get("error").asText()).contains("application/json");
            }
        }
        assertThat(camel.getRouteController().getRouteStatus("refusals-switch").isStarted()).isTrue();
        assertThat(post("/api/jobs/refusals-switch/enable", OPERATOR, "application/json; charset=utf-8", null).status()).isEqualTo(200);
        // who may not ask is told so first
        assertThat(post("/api/jobs/refusals-switch/disable", VIEWER, "text/plain", "x").status()).isEqualTo(403);
        assertThat(post("/api/jobs/refusals-switch/disable", null, "text/plain", "x").status()).isEqualTo(401);
    }

    // ---- finding 5: chunked bodies

    /** A body of {@code bytes} bytes sent chunked (no Content-Length), generated as it is sent. */
    static HttpRequest.BodyPublisher chunked(String prefix, long bytes, String suffix) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            final byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            final byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
            long position;

            @Override
            public int read() {
                long fill = bytes - head.length - tail.length;
                if (position >= bytes) {
                    return -1;
                }
                long p = position++;
                return p < head.length ? head[(int) p] : p < head.length + fill ? 'x' : tail[(int) (p - head.length - fill)];
            }
        });
    }

    @Test
    void chunkedBodiesPastTheLimitAre413OnEveryPath() throws Exception {
        long before = TopicReader.count(bootstrap, "qc.refusals.tool-2");
        long eventsBefore = get("/api/events/status", VIEWER).json().get("events_sent").asLong();
        String message = "{\"topic\": \"qc.refusals.tool-2\", \"value\": \"";
        Response send = send(http, request("/api/kafka/send", OPERATOR).header("Content-Type", "application/json")
                .POST(chunked(message, 2L * 1024 * 1024, "\"}")).build());
        assertThat(send.status()).as(send.body()).isEqualTo(413);
        assertThat(send.json().get("error").asText()).contains("larger than 1048576 bytes");
        Response batch = send(http, request("/api/kafka/batch", OPERATOR).header("Content-Type", "application/json")
                .POST(chunked("{\"topic\": \"qc.refusals.tool-2\", \"messages\": [{\"value\": \"", 2L * 1024 * 1024, "\"}]}")).build());
        assertThat(batch.status()).isEqualTo(413);
        Response event = send(http, request("/api/events/order-created", PUBLISHER).header("Content-Type", "application/json")
                .POST(chunked("{\"pad\": \"", 16L * 1024 * 1024, "\"}")).build());
        assertThat(event.status()).isEqualTo(413);
        // Jolokia's own, larger limit holds for chunked bodies too
        String cookie = http.send(request("/actuator/hawtio/", OPERATOR).GET().build(), HttpResponse.BodyHandlers.ofString()).headers()
                .allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow();
        String token = cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';'));
        Response jolokia = send(http, request("/actuator/jolokia", OPERATOR).header("Content-Type", "application/json")
                .header("Cookie", "XSRF-TOKEN=" + token).header("X-XSRF-TOKEN", token)
                .POST(chunked("{\"type\": \"version\", \"pad\": \"", 33L * 1024 * 1024, "\"}")).build());
        assertThat(jolokia.status()).isEqualTo(413);

        // a chunked body within the limit is read as sent (camel-platform-http reads it through getReader())
        Response small = send(http, request("/api/kafka/send", OPERATOR).header("Content-Type", "application/json")
                .POST(chunked(message, 10_000, "\"}")).build());
        assertThat(small.status()).as(small.body()).isEqualTo(200);
        var records = TopicReader.readAll(bootstrap, "qc.refusals.tool-2", (int) before + 1, Duration.ofSeconds(30));
        assertThat(records).hasSize((int) before + 1);
        assertThat(records.get(records.size() - 1).value()).hasSize(10_000 - message.length() - 2);
        assertThat(get("/api/events/status", VIEWER).json().get("events_sent").asLong()).isEqualTo(eventsBefore);
    }

    // ---- finding 6: publisher topics

    @Test
    void aPublisherWritesToTheEventTopicsOnly() throws Exception {
        for (String topic : List.of("qc.refusals.echo", "qc.refusals.orders.DLT", "qc.refusals.elsewhere", "qc.refusals.tool-1")) {
            for (String caller : List.of(PUBLISHER, OPERATOR)) {
                Response r = postJson("/api/events/order-created?topic=" + topic, caller, "{\"n\": 1}");
                assertThat(r.status()).as(topic + " " + r.body()).isEqualTo(403);
                assertThat(r.json().get("error").asText()).contains("querycast.events.topics");
            }
        }
        assertThat(TopicReader.count(bootstrap, "qc.refusals.elsewhere")).isZero();
        Response mapped = postJson("/api/events/order-created?topic=qc.refusals.orders", PUBLISHER, "{\"n\": 2}");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        assertThat(postJson("/api/events/order-created", PUBLISHER, "{\"n\": 3}").status()).isEqualTo(200);
        assertThat(postJson("/api/events/order-created", PUBLISHER, "{\"n\": 4}").status()).isEqualTo(200);
        // a forged dead-letter header would sit next to the real ones if the event were dead-lettered
        Response forged = send(http, request("/api/events/order-created", PUBLISHER).header("Content-Type", "application/json")
                .header("Event-Header-dlt_error_message", "forged").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(forged.status()).isEqualTo(400);
    }

    // ---- finding 8: the test tools

    @Test
    void theTestToolsWriteNeitherDeadLetterTopicsNorDeadLetterHeaders() throws Exception {
        for (String path : List.of("/api/kafka/send", "/api/kafka/batch")) {
            for (String topic : List.of("qc.refusals.echo.DLT", "qc.refusals.orders.DLT", "qc.refusals.tool-1.DLT")) {
                Response r = postJson(path, OPERATOR, body(path, topic, Map.of()));
                assertThat(r.status()).as(path + " " + topic + " " + r.body()).isEqualTo(403);
                assertThat(r.json().get("error").asText()).contains("dead-letter topic");
            }
            // outside querycast.api.send-topics: an export's topic here
            Response export = postJson(path, OPERATOR, body(path, "qc.refusals.echo", Map.of()));
            assertThat(export.status()).isEqualTo(403);
            assertThat(export.json().get("error").asText()).contains("querycast.api.send-topics");
            for (String header : List.of("dlt_error_message", "DLT_original_topic", "dlt_job_id")) {
                Response r = postJson(path, OPERATOR, body(path, "qc.refusals.tool-3", Map.of(header, "forged")));
                assertThat(r.status()).as(header).isEqualTo(400);
                assertThat(r.json().get("error").asText()).contains("reserved");
            }
        }
        assertThat(TopicReader.count(bootstrap, "qc.refusals.echo.DLT")).isZero();
        assertThat(TopicReader.count(bootstrap, "qc.refusals.orders.DLT")).isZero();
        long tool3 = TopicReader.count(bootstrap, "qc.refusals.tool-3");
        assertThat(postJson("/api/kafka/send", OPERATOR, body("/api/kafka/send", "qc.refusals.tool-3", Map.of("origin", "test"))).status())
                .isEqualTo(200);
        assertThat(TopicReader.count(bootstrap, "qc.refusals.tool-3")).isEqualTo(tool3 + 1);
    }

    static String body(String path, String topic, Map<String, String> headers) throws Exception {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("value", "x");
        message.put("headers", headers);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", topic);
        if (path.endsWith("/batch")) {
            body.put("messages", List.of(message));
        } else {
            body.putAll(message);
        }
        return JSON.writeValueAsString(body);
    }

    // ---- finding 9: error texts

    @Test
    void aSecretQuotedByTheDatabaseNeverReachesTheHistoryOrTheLog() throws Exception {
        for (String secret : List.of(DB_SECRET, STATE_SECRET)) {
            Response started = postJson("/api/jobs/refusals-echo/run", OPERATOR, JSON.writeValueAsString(Map.of("parameters", Map.of("VALUE", secret))));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String runId = started.json().get("run_id").asText();
            RunRecord run = RunAwaiter.awaitFinished(history, runId, Duration.ofSeconds(60));
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            // H2 names the value it could not convert; the run keeps the reason, masked
            assertThat(run.error()).contains("Data conversion error").contains(Redactor.MASK).doesNotContain(secret);
            JsonNode shown = get("/api/history/" + runId, VIEWER).json();
            assertThat(shown.get("error").asText()).contains(Redactor.MASK).doesNotContain(secret);
            assertThat(get("/api/jobs/refusals-echo", VIEWER).body()).doesNotContain(secret);
        }
        assertThat(LOG.text()).contains("Export finished: job=refusals-echo").doesNotContain(DB_SECRET).doesNotContain(STATE_SECRET);
    }

    // ---- finding 10: not UTF-8

    @Test
    void aBodyThatIsNotUtf8IsA400WithAPlainMessage() throws Exception {
        long sent = TopicReader.count(bootstrap, "qc.refusals.tool-1");
        byte[] latin1 = "{\"topic\": \"qc.refusals.tool-1\", \"value\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] broken = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        for (String path : List.of("/api/kafka/send", "/api/events/order-created", "/api/jobs/refusals-switch/run", "/api/db/test")) {
            for (byte[] body : List.of(latin1, broken)) {
                Response r = send(http, request(path, OPERATOR).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
                assertThat(r.status()).as(path + " " + r.body()).isEqualTo(400);
                assertThat(r.json().get("error").asText()).isEqualTo("request body is not valid UTF-8 (JSON must be UTF-8)");
            }
        }
        assertThat(TopicReader.count(bootstrap, "qc.refusals.tool-1")).isEqualTo(sent);
    }

    // ---- finding 11: metric tags

    @Test
    void topicsOfTheCallersChoosingDoNotBecomeMetricTags() throws Exception {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String topic = "qc.refusals.tool-" + (i + 1);
            chosen.add(topic);
            Response r = postJson("/api/kafka/send", OPERATOR, body("/api/kafka/send", topic, Map.of()));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        // made-up names: refused, and no trace of them in a tag either
        String madeUp = "qc.refusals.tool-" + UUID.randomUUID();
        postJson("/api/kafka/send", OPERATOR, body("/api/kafka/send", madeUp, Map.of()));
        get("/api/nope-" + UUID.randomUUID(), VIEWER);
        // a configured topic keeps its name
        assertThat(postJson("/api/events/order-created", PUBLISHER, "{\"n\": 5}").status()).isEqualTo(200);
        List<String> tagValues = meters.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).map(io.micrometer.core.instrument.Tag::getValue)
                .distinct().toList();
        assertThat(tagValues).contains("kafka-default://(other)");
        assertThat(tagValues).allSatisfy(v -> {
            assertThat(chosen).noneMatch(v::contains);
            assertThat(v).doesNotContain(madeUp).doesNotContain("nope-");
        });
        // events reach Kafka through the one record path, not a camel-kafka endpoint: the application's filter
        // itself shows that a configured topic keeps its name and any other is folded
        assertThat(meters.counter("querycast.test.topic", "topic", "qc.refusals.orders").getId().getTag("topic")).isEqualTo("qc.refusals.orders");
        assertThat(meters.counter("querycast.test.topic", "topic", madeUp).getId().getTag("topic")).isEqualTo("(other)");
    }
}
