package io.querycast.api;

import io.querycast.config.ApiSettings;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.RunHistory;
import io.querycast.run.RunStatus;
import io.querycast.security.LoginThrottle;
import io.querycast.support.RunAwaiter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static io.querycast.support.TestUsers.OPERATOR;
import static io.querycast.support.TestUsers.VIEWER;
import static io.querycast.support.TestUsers.PUBLISHER;

/**
 * What the dashboard needs of the API and of security, over real HTTP (no browser): GET /api/me, GET
 * /api/status, history pages (offset), a job's query parameters; the form login next to HTTP Basic (session,
 * CSRF, throttling and logging of failures without the password). Same configuration as
 * {@code DashboardBrowserTest}, so both share one application; the runs here all succeed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/dashboard/connections.yaml",
        "querycast.jobs-dir=src/test/config/dashboard/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.dash.events", "qc.dash.events.DLT"})
class DashboardApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern CSRF_META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    static final Pattern CSRF_HEADER_META = Pattern.compile("name=\"csrf-header\" content=\"([^\"]+)\"");

    @Autowired
    ApiSettings apiSettings;
    @LocalServerPort
    int port;
    @Autowired
    RunHistory history;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> call(HttpClient client, String method, String path, String credentials, String contentType, String body,
                              String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path, String credentials) throws Exception {
        HttpResponse<String> r = call(http, "GET", path, credentials, null, null);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String form(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    static String match(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as("token in " + html).isTrue();
        return m.group(1);
    }

    /** A browser-like client: keeps cookies, does not follow redirects (their target is asserted). */
    HttpClient browserLike() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> formLogin(HttpClient client, String user, String password) throws Exception {
        String token = match(CSRF_INPUT, call(client, "GET", "/login", null, null, null).body());
        return call(client, "POST", "/login", null, "application/x-www-form-urlencoded", form("username", user, "password", password, "_csrf", token));
    }

    @Test
    void meSaysWhoIsCallingAndWithWhichRoles() throws Exception {
        JsonNode op = getJson("/api/me", OPERATOR);
        assertThat(op.get("username").asText()).isEqualTo("test-operator");
        assertThat(op.get("roles")).extracting(JsonNode::asText).containsExactly("operator", "viewer");
        assertThat(op.get("operator").asBoolean()).isTrue();
        JsonNode viewer = getJson("/api/me", VIEWER);
        assertThat(viewer.get("roles")).extracting(JsonNode::asText).containsExactly("viewer");
        assertThat(viewer.get("operator").asBoolean()).isFalse();
        assertThat(call(http, "GET", "/api/me", PUBLISHER, null, null).statusCode()).isEqualTo(403);
        assertThat(call(http, "GET", "/api/me", null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void statusProbesEveryConnectionWithTheTimeOfTheCheck() throws Exception {
        // a probe is answered for up to status-max-age after it ran (the browser test may have asked first)
        Instant before = Instant.now().minus(apiSettings.statusMaxAge());
        JsonNode s = getJson("/api/status", VIEWER);
        assertThat(s.get("status").asText()).isEqualTo("UP");
        JsonNode kafka = s.get("kafka").get(0);
        assertThat(kafka.get("connection").asText()).isEqualTo("default");
        assertThat(kafka.get("up").asBoolean()).isTrue();
        assertThat(kafka.get("brokers").asInt()).isEqualTo(1);
        assertThat(Instant.parse(kafka.get("checked_at").asText())).isBetween(before, Instant.now());
        assertThat(kafka.get("error").isNull()).isTrue();
        assertThat(kafka.get("producer").has("up")).isTrue();
        JsonNode db = s.get("databases").get(0);
        assertThat(db.get("connection").asText()).isEqualTo("events");
        assertThat(db.get("up").asBoolean()).isTrue();
        assertThat(db.get("type").asText()).isEqualTo("H2");
        assertThat(db.get("product").asText()).startsWith("H2");
        assertThat(Instant.parse(db.get("checked_at").asText())).isBetween(before, Instant.now());
    }

    @Test
    void historyPagesFollowEachOtherNewestFirst() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = call(http, "POST", "/api/jobs/dash-events/run", OPERATOR, "application/json",
                    "{\"parameters\": {\"MAX_ID\": \"" + (5 + i) + "\"}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(RunAwaiter.awaitFinished(history, JSON.readTree(r.body()).get("run_id").asText(), Duration.ofSeconds(60)).status())
                    .isEqualTo(RunStatus.SUCCESS);
        }
        List<String> all = getJson("/api/history?job=dash-events&limit=3", VIEWER).get("runs").findValuesAsText("run_id");
        assertThat(all).hasSize(3);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            JsonNode page = getJson("/api/history?job=dash-events&limit=1&offset=" + offset, VIEWER);
            assertThat(page.get("offset").asInt()).isEqualTo(offset);
            paged.addAll(page.get("runs").findValuesAsText("run_id"));
        }
        assertThat(paged).isEqualTo(all);
        assertThat(call(http, "GET", "/api/history?offset=-1", VIEWER, null, null).statusCode()).isEqualTo(400);
        assertThat(call(http, "GET", "/api/history?offset=abc", VIEWER, null, null).statusCode()).isEqualTo(400);
    }

    @Test
    void jobsListTheParametersTheirQueryDeclares() throws Exception {
        JsonNode p = getJson("/api/jobs/dash-events", VIEWER).get("query_parameters").get("MAX_ID");
        assertThat(p.get("default").asText()).isEqualTo("1234");
        assertThat(p.get("required").asBoolean()).isFalse();
        assertThat(p.get("description").asText()).contains("MAX_ID");
    }

    @Test
    void browserPagesNeedTheLoginFormAndTheApiStillAnswersPrograms() throws Exception {
        HttpClient client = browserLike();
        for (String path : List.of("/", "/js/main.js", "/webjars/chart.js/")) {
            HttpResponse<String> r = call(client, "GET", path, null, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(path).hasValue("http://localhost:" + port + "/login");
        }
        assertThat(call(client, "GET", "/login", null, null, null).statusCode()).isEqualTo(200);
        assertThat(call(client, "GET", "/css/dashboard.css", null, null, null).statusCode()).isEqualTo(200);
        // a program's 401 keeps its Basic challenge; the page's own calls get none (no browser dialog)
        HttpResponse<String> program = call(http, "GET", "/api/jobs", null, null, null);
        assertThat(program.statusCode()).isEqualTo(401);
        assertThat(program.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"querycast\"");
        assertThat(program.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> page = call(http, "GET", "/api/jobs", null, null, null, "X-Requested-With", "XMLHttpRequest");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("WWW-Authenticate")).isEmpty();
        // a login without the form's CSRF token is refused
        assertThat(call(client, "POST", "/login", null, "application/x-www-form-urlencoded",
                form("username", "test-operator", "password", "operator-test-password")).statusCode()).isEqualTo(403);
    }

    @Test
    void aSessionPostNeedsTheCsrfTokenAndBasicCallsStillDoNot() throws Exception {
        HttpClient client = browserLike();
        HttpResponse<String> login = formLogin(client, "test-operator", "operator-test-password");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValue("http://localhost:" + port + "/");
        HttpResponse<String> dashboard = call(client, "GET", "/", null, null, null);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        String token = match(CSRF_META, dashboard.body());
        String header = match(CSRF_HEADER_META, dashboard.body());
        assertThat(header).isEqualTo("X-XSRF-TOKEN");
        assertThat(dashboard.body()).contains("/webjars/chart.js/4.");

        assertThat(JSON.readTree(call(client, "GET", "/api/me", null, null, null).body()).get("username").asText()).isEqualTo("test-operator");
        assertThat(call(client, "POST", "/api/kafka/test", null, "application/json", "{\"connection\": \"default\"}").statusCode()).isEqualTo(403);
        assertThat(call(client, "POST", "/api/kafka/test", null, "application/json", "{\"connection\": \"default\"}",
                header, "forged").statusCode()).isEqualTo(403);
        assertThat(call(client, "POST", "/api/kafka/test", null, "application/json", "{\"connection\": \"default\"}",
                header, token).statusCode()).isEqualTo(200);
        // HTTP Basic carries its own credentials: no token, as before the dashboard
        assertThat(call(http, "POST", "/api/kafka/test", OPERATOR, "application/json", "{\"connection\": \"default\"}").statusCode()).isEqualTo(200);

        // signing out ends the session: the API answers 401 again
        HttpResponse<String> logout = call(client, "POST", "/logout", null, "application/x-www-form-urlencoded", form("_csrf", token),
                "Accept", "text/html");
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValue("http://localhost:" + port + "/login?logout");
        assertThat(call(client, "GET", "/api/me", null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void failedFormLoginsAreThrottledAndLoggedWithoutThePassword() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(LoginThrottle.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            HttpClient client = browserLike();
            String secret = "Wrong-Dash-Pw-4471";
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> r = formLogin(client, "dash-nobody", secret);
                assertThat(r.statusCode()).isEqualTo(302);
                assertThat(r.headers().firstValue("Location")).hasValue("http://localhost:" + port + "/login?error");
            }
            HttpResponse<String> refused = formLogin(client, "dash-nobody", "whatever-password");
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).matches(".*/login\\?locked=\\d+"));
            assertThat(call(client, "GET", "/login?locked=299", null, null, null).body()).contains("Too many failed logins: try again in 299 seconds.");
            assertThat(call(client, "GET", "/login?error", null, null, null).body()).contains("Wrong user name or password.");

            List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).filteredOn(l -> l.startsWith("Dashboard login failed: user 'dash-nobody'")).hasSize(5);
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Dashboard login refused: user 'dash-nobody'"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).contains(secret));
        } finally {
            logger.detachAppender(log);
        }
    }
}
