package io.querycast.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.querycast.QuerycastApplication;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.HeadlessChromium;
import io.querycast.support.KafkaBrokerProcess;
import io.querycast.support.QueryGates;
import io.querycast.support.RunAwaiter;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every alert rule driven by a real failure against the real application: a broker in its own JVM that the
 * test stops and starts, rows with NULL keys, a query on a table that does not exist yet, a query held at a
 * gate while its job is due again. Notifications go to a real SMTP server (GreenMail over SMTPS with
 * authentication) and to a local HTTP receiver (the JDK's HttpServer) as Querycast JSON, Slack and Teams
 * bodies; for each rule the test asserts exactly one alert and one recovery on every channel. Windows and
 * thresholds are set to seconds so the whole class runs in well under a minute of waiting.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String DB_URL = "jdbc:h2:mem:qc-alerts;DB_CLOSE_DELAY=-1";
    static final String DB_PASSWORD = "qcA1ertSecret";
    static final String SMTP_PASSWORD = "smtp-Secret-42";
    /** A webhook URL with a token in its path, as Slack's and Teams' are: it must never show in an answer. */
    static final String HOOK_TOKEN = "T0KEN-9f3a2b";
    static final ObjectMapper JSON = new ObjectMapper();

    static GreenMail mail;
    static HttpServer receiver;
    static final Map<String, List<JsonNode>> HOOKS = new ConcurrentHashMap<>();
    static final AtomicInteger FLAKY_HOOK_CALLS = new AtomicInteger();
    static KafkaBrokerProcess broker;
    static Connection keepDatabase;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        int smtps;
        try (ServerSocket free = new ServerSocket(0)) {
            smtps = free.getLocalPort();
        }
        mail = new GreenMail(ServerSetupTest.SMTPS.withPort(smtps));
        mail.setUser("querycast@test.local", "alerts", SMTP_PASSWORD);
        mail.start();

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String hook : List.of("json", "slack", "teams", "flaky")) {
            HOOKS.put(hook, new CopyOnWriteArrayList<>());
            receiver.createContext("/" + hook + "/" + HOOK_TOKEN, exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status = 200;
                // the first POST to this one fails: the webhook route must send it again
                if (hook.equals("flaky") && FLAKY_HOOK_CALLS.incrementAndGet() == 1) {
                    status = 503;
                } else {
                    assertThat(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json");
                    HOOKS.get(hook).add(JSON.readTree(body));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
        }
        receiver.start();

        keepDatabase = DriverManager.getConnection(DB_URL, "sa", DB_PASSWORD);
        QueryGates.install(keepDatabase);
        try (Statement s = keepDatabase.createStatement()) {
            s.execute("CREATE TABLE ALERT_POISON (ID INT PRIMARY KEY, K VARCHAR(20))");
            s.execute("INSERT INTO ALERT_POISON SELECT X, CASE WHEN MOD(X, 4) = 0 THEN NULL ELSE CONCAT('P', X) END FROM SYSTEM_RANGE(1, 20)");
        }

        broker = new KafkaBrokerProcess(Files.createTempDirectory("qc-alerts-broker"));
        broker.start();
        List<String> topics = new ArrayList<>();
        for (String t : List.of("poison", "flaky", "outage", "slow", "missed")) {
            topics.add("qc.a." + t);
            topics.add("qc.a." + t + ".DLT");
        }
        broker.createTopics(1, topics.toArray(String[]::new));

        String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
        app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/alerts/connections.yaml",
                "--querycast.jobs-dir=src/test/config/alerts/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_ALERT_DB_PASSWORD=" + DB_PASSWORD,
                "--QC_ALERT_KAFKA=" + broker.bootstrap(),
                "--QC_SMTPS_PORT=" + smtps,
                "--QC_SMTP_PASSWORD=" + SMTP_PASSWORD,
                "--querycast.alerts.interval=250ms",
                "--querycast.alerts.rules.success-rate.window=2s",
                "--querycast.alerts.rules.dead-letters.window=2s",
                "--querycast.alerts.rules.error-rate.window=2s",
                "--querycast.alerts.rules.error-rate.disable-job=true",
                "--querycast.alerts.rules.batch-latency.max-latency=1s",
                "--querycast.alerts.rules.batch-latency.for=1s",
                "--querycast.alerts.rules.producer-disconnected.for=1s",
                "--querycast.alerts.rules.missed-run.grace=1s",
                // the p99 the batch-latency rule reads forgets slow batches after 5 s instead of 2 minutes
                // (brackets: a Duration map key keeps its dots only inside them)
                "--management.metrics.distribution.expiry[querycast.batch.latency]=5s",
                "--querycast.alerts.email.recipients=ops@test.local",
                "--querycast.alerts.webhooks[0].name=ops-json",
                "--querycast.alerts.webhooks[0].url=" + hooks + "/json/" + HOOK_TOKEN,
                "--querycast.alerts.webhooks[1].name=ops-slack",
                "--querycast.alerts.webhooks[1].url=" + hooks + "/slack/" + HOOK_TOKEN,
                "--querycast.alerts.webhooks[1].format=slack",
                "--querycast.alerts.webhooks[2].name=ops-teams",
                "--querycast.alerts.webhooks[2].url=" + hooks + "/teams/" + HOOK_TOKEN,
                "--querycast.alerts.webhooks[2].format=teams",
                "--querycast.alerts.webhooks[3].name=ops-flaky",
                "--querycast.alerts.webhooks[3].url=" + hooks + "/flaky/" + HOOK_TOKEN,
                "--querycast.alerts.retry-backoff=50ms",
                "--querycast.mail.retry-backoff=100ms");
    }

    @AfterAll
    static void stop() throws Exception {
        QueryGates.openAll();
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (mail != null) {
            mail.stop();
        }
        if (keepDatabase != null) {
            keepDatabase.close();
        }
    }

    // --- what the channels received ---------------------------------------------------------------------

    static List<MimeMessage> mails(String to, String subjectStart) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(to) && m.getSubject().startsWith(subjectStart)) {
                out.add(m);
            }
        }
        return out;
    }

    static List<JsonNode> hooks(String hook, String status, String rule, String subject) {
        return HOOKS.get(hook).stream().filter(j -> status.equals(j.path("status").asText()) && rule.equals(j.path("rule").asText())
                && subject.equals(j.path("subject").asText())).toList();
    }

    static long slack(String text) {
        return HOOKS.get("slack").stream().filter(j -> j.path("text").asText().contains(text)).count();
    }

    static long teams(String title) {
        return HOOKS.get("teams").stream().filter(j -> title.equals(j.at("/attachments/0/content/body/0/text").asText())).count();
    }

    static void awaitFiring(String rule, String subject) {
        await().atMost(WAIT).until(() -> hooks("json", "firing", rule, subject).size() == 1);
    }

    static void awaitResolved(String rule, String subject) {
        await().atMost(WAIT).until(() -> hooks("json", "resolved", rule, subject).size() == 1);
    }

    /**
     * Exactly one alert and one recovery for the rule and subject on every channel: the mail to the alert
     * recipients, the JSON, Slack and Teams webhooks, and the webhook that failed once and got a redelivery.
     */
    static void assertOneAlertAndOneRecovery(String rule, String subject) throws Exception {
        String firing = "FIRING " + rule + ": " + subject;
        String resolved = "RESOLVED " + rule + ": " + subject;
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(mails("ops@test.local", "[Querycast] " + firing)).hasSize(1);
            assertThat(mails("ops@test.local", "[Querycast] " + resolved)).hasSize(1);
            assertThat(hooks("json", "firing", rule, subject)).hasSize(1);
            assertThat(hooks("json", "resolved", rule, subject)).hasSize(1);
            assertThat(hooks("flaky", "firing", rule, subject)).hasSize(1);
            assertThat(hooks("flaky", "resolved", rule, subject)).hasSize(1);
            assertThat(slack(firing)).isEqualTo(1);
            assertThat(slack(resolved)).isEqualTo(1);
            assertThat(teams(firing)).isEqualTo(1);
            assertThat(teams(resolved)).isEqualTo(1);
        });
        MimeMessage alert = mails("ops@test.local", "[Querycast] " + firing).get(0);
        assertThat(alert.getFrom()[0].toString()).isEqualTo("Querycast <querycast@test.local>");
        assertThat(GreenMailUtil.getBody(alert)).contains("Alert: " + rule + " for " + subject);
        JsonNode json = hooks("json", "resolved", rule, subject).get(0);
        assertThat(json.path("source").asText()).isEqualTo("querycast");
        assertThat(json.path("fired_at").asText()).isNotBlank();
        assertThat(json.path("resolved_at").asText()).isNotBlank();
        System.out.printf("ALERT %s %s: 1 alert and 1 recovery by mail, JSON, Slack, Teams and a redelivered webhook%n", rule, subject);
    }

    // --- the application ---------------------------------------------------------------------------------

    static String run(String job) {
        return app.getBean(JobLauncher.class).runNow(job, Trigger.MANUAL, Map.of());
    }

    static RunRecord awaitEnd(String runId) {
        return RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
    }

    static String url(String path) {
        return "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + path;
    }

    static HttpResponse<String> call(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).method(method, HttpRequest.BodyPublishers.noBody());
        if (!method.equals("GET")) {
            // every POST to the API is JSON, even one without a body
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode alertsApi() throws Exception {
        HttpResponse<String> r = call("GET", "/api/alerts", "test-viewer", "viewer-test-password");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static boolean jobEnabled(String job) throws Exception {
        HttpResponse<String> r = call("GET", "/api/jobs/" + job, "test-viewer", "viewer-test-password");
        return JSON.readTree(r.body()).path("enabled").asBoolean();
    }

    static void switchJob(String job, boolean enable) throws Exception {
        HttpResponse<String> r = call("POST", "/api/jobs/" + job + (enable ? "/enable" : "/disable"), "test-operator", "operator-test-password");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    // --- the rules ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void rowsWithoutKeysFireTheSuccessRateAndDeadLetterAlertsOnceAndRecoverOnce() throws Exception {
        RunRecord run = awaitEnd(run("poison"));
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.deadLettered()).isEqualTo(5);
        assertThat(run.sent()).isEqualTo(15);

        awaitFiring("success-rate", "job=poison");
        awaitFiring("dead-letters", "job=poison");
        JsonNode firing = hooks("json", "firing", "success-rate", "job=poison").get(0);
        assertThat(firing.path("summary").asText()).startsWith("success rate 75.0 % < 95.0 % over the last 2s (15 of 20 records sent");
        assertThat(firing.path("labels").path("job").asText()).isEqualTo("poison");
        assertThat(hooks("json", "firing", "dead-letters", "job=poison").get(0).path("summary").asText())
                .isEqualTo("5 record(s) written to dead-letter topic qc.a.poison.DLT in the last 2s");

        // nothing more is dead-lettered: both clear once the window has passed
        assertOneAlertAndOneRecovery("success-rate", "job=poison");
        assertOneAlertAndOneRecovery("dead-letters", "job=poison");
    }

    @Test
    @Order(2)
    void aFailingQueryFiresTheErrorRateAlertDisablesTheJobAndMailsTheRunWithoutTheSecret() throws Exception {
        RunRecord failed = awaitEnd(run("flaky"));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        // the run's own error text is masked where it is recorded (Redactor through ExportRuns), before any alert
        assertThat(failed.error()).contains("Table \"******\" not found").doesNotContain(DB_PASSWORD);

        awaitFiring("error-rate", "job=flaky");
        assertThat(hooks("json", "firing", "error-rate", "job=flaky").get(0).path("summary").asText())
                .isEqualTo("error rate 100.0 % > 10.0 % over the last 2s (1 of 1 runs failed)");
        // disable-job: the rule stopped the job, as an operator would, and says who did it
        await().atMost(WAIT).until(() -> !jobEnabled("flaky"));
        JsonNode job = JSON.readTree(call("GET", "/api/jobs/flaky", "test-viewer", "viewer-test-password").body());
        assertThat(job.path("switched").path("by").asText()).isEqualTo("alert:error-rate");

        // the job's own notification: the run's summary and its error, the password masked by the Redactor
        await().atMost(WAIT).until(() -> mails("owner@test.local", "[Querycast] run FAILED: flaky").size() == 1);
        String body = GreenMailUtil.getBody(mails("owner@test.local", "[Querycast] run FAILED: flaky").get(0));
        assertThat(body).contains("Job flaky, run " + failed.runId() + ": failed", "Rows read:     0", "Error:", "******")
                .doesNotContain(DB_PASSWORD);

        // fixed: the table exists; an operator enables the job again and it runs
        try (Statement s = keepDatabase.createStatement()) {
            s.execute("CREATE TABLE \"" + DB_PASSWORD + "\" (ID INT PRIMARY KEY, K VARCHAR(20))");
            s.execute("INSERT INTO \"" + DB_PASSWORD + "\" SELECT X, CONCAT('F', X) FROM SYSTEM_RANGE(1, 30)");
        }
        switchJob("flaky", true);
        RunRecord ok = awaitEnd(run("flaky"));
        assertThat(ok.status()).isEqualTo(RunStatus.SUCCESS);
        assertOneAlertAndOneRecovery("error-rate", "job=flaky");

        await().atMost(WAIT).until(() -> mails("owner@test.local", "[Querycast] run SUCCESS: flaky").size() == 1);
        String success = GreenMailUtil.getBody(mails("owner@test.local", "[Querycast] run SUCCESS: flaky").get(0));
        assertThat(success).contains("Job flaky, run " + ok.runId() + ": success", "Sent:          30").doesNotContain("Error:");
        assertThat(mails("owner@test.local", "[Querycast] run")).hasSize(2);
        // alerts go to the alert recipients, not to the job's
        assertThat(mails("owner@test.local", "[Querycast] FIRING")).isEmpty();
    }

    @Test
    @Order(3)
    void aRunHeldPastTheNextFireTimeFiresTheMissedRunAlertOnceAndRecoversOnce() throws Exception {
        QueryGates.close("missed");
        switchJob("missed", true);
        try {
            // the first fire's run waits at the gate: the next fires, every 2 s, cannot start
            await().atMost(WAIT).until(() -> QueryGates.reached("missed"));
            awaitFiring("missed-run", "job=missed");
            assertThat(hooks("json", "firing", "missed-run", "job=missed").get(0).path("summary").asText())
                    .startsWith("due at ").contains("(schedule '*/2 * * * * ?'");
        } finally {
            QueryGates.open("missed");
        }
        // the held run ends, the late fire starts a run at once, and the schedule is kept again
        awaitResolved("missed-run", "job=missed");
        switchJob("missed", false);
        assertOneAlertAndOneRecovery("missed-run", "job=missed");
    }

    @Test
    @Order(4)
    void batchesWaitingForAStoppedBrokerFireTheBatchLatencyAlertOnceAndRecoverOnce() throws Exception {
        // a first run while the broker is up: the producer knows the topic's partitions, as in production
        assertThat(awaitEnd(run("slow")).status()).isEqualTo(RunStatus.SUCCESS);
        await().atMost(WAIT).until(() -> alertsApi().path("active").findValuesAsText("rule").isEmpty());
        QueryGates.close("slow");
        String runId;
        try {
            runId = run("slow");
            // past the topic check, the query is held: now the broker goes away
            await().atMost(WAIT).until(() -> QueryGates.reached("slow"));
            broker.stop();
        } finally {
            QueryGates.open("slow");
        }
        try {
            // the batches are handed to the producer and wait for the broker (delivery.timeout.ms 60 s)
            Thread.sleep(2_500);
        } finally {
            broker.start();
        }
        RunRecord run = awaitEnd(runId);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        awaitFiring("batch-latency", "job=slow");
        assertThat(hooks("json", "firing", "batch-latency", "job=slow").get(0).path("summary").asText())
                .startsWith("p99 batch latency ").contains("> 1s (topic qc.a.slow, Kafka connection patient)");
        // no slow batch since: Micrometer's window forgets them and the alert clears
        assertOneAlertAndOneRecovery("batch-latency", "job=slow");
    }

    @Test
    @Order(5)
    void aStoppedBrokerFiresTheProducerAlertShownOnTheDashboardAndItsRecoveryAfterTheNextSend() throws Exception {
        // a first run while the broker is up: the producer knows the topic's partitions, as in production,
        // so its records wait in the producer and expire after delivery.timeout.ms once the broker is gone
        assertThat(awaitEnd(run("outage")).status()).isEqualTo(RunStatus.SUCCESS);
        QueryGates.close("outage");
        String runId;
        try {
            runId = run("outage");
            // past the topic check, the query is held: now the broker goes away
            await().atMost(WAIT).until(() -> QueryGates.reached("outage"));
            broker.stop();
        } finally {
            QueryGates.open("outage");
        }
        RunRecord failed;
        try {
            failed = awaitEnd(runId);
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.failed()).isPositive();
            awaitFiring("producer-disconnected", "kafka_connection=impatient");
        } finally {
            broker.start();
        }
        JsonNode firing = hooks("json", "firing", "producer-disconnected", "kafka_connection=impatient").get(0);
        assertThat(firing.path("labels").path("kafka_connection").asText()).isEqualTo("impatient");

        // the alert holds until a record is acknowledged: the API and the dashboard panel show it
        JsonNode api = alertsApi();
        assertThat(api.path("active").findValuesAsText("id")).contains("producer-disconnected/kafka_connection=impatient");
        WebDriver browser = HeadlessChromium.start();
        try {
            signIn(browser, "test-viewer", "viewer-test-password");
            String row = "#alerts-table tr[data-alert='producer-disconnected/kafka_connection=impatient']";
            awaitText(browser, row + " td[data-field=state]", "firing");
            assertThat(text(browser, row + " td[data-field=rule]")).isEqualTo("producer-disconnected");
            assertThat(text(browser, row + " td[data-field=subject]")).isEqualTo("kafka_connection=impatient");
            assertThat(text(browser, row + " td[data-field=summary]")).startsWith("records of Kafka connection impatient fail");
            assertThat(text(browser, "#alerts-count")).matches("\\d+ firing");
            HeadlessChromium.screenshot(browser, browser.findElement(By.id("alerts-panel")), Path.of("target/screenshots/dashboard-alerts.png"));

            // the error-rate rule disabled the failing job too: enabled again, its next run gets through
            await().atMost(WAIT).until(() -> !jobEnabled("outage"));
            switchJob("outage", true);
            RunRecord ok = awaitEnd(run("outage"));
            assertThat(ok.status()).isEqualTo(RunStatus.SUCCESS);
            awaitResolved("producer-disconnected", "kafka_connection=impatient");
            String resolved = "#alerts-resolved tr[data-alert='producer-disconnected/kafka_connection=impatient']";
            awaitText(browser, resolved + " td[data-field=state]", "resolved");
        } finally {
            browser.quit();
        }
        assertOneAlertAndOneRecovery("producer-disconnected", "kafka_connection=impatient");
    }

    @Test
    @Order(6)
    void theAlertsApiAnswersViewersAndOperatorsOnlyAndNeverShowsAWebhookUrl() throws Exception {
        HttpResponse<String> viewer = call("GET", "/api/alerts", "test-viewer", "viewer-test-password");
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/alerts", "test-operator", "operator-test-password").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/alerts", "test-publisher", "publisher-test-password").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/alerts", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/alerts", "test-viewer", "wrong-password").statusCode()).isEqualTo(401);
        // nothing to change here: no other method is served, for any role
        assertThat(call("POST", "/api/alerts", "test-viewer", "viewer-test-password").statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/api/alerts", "test-operator", "operator-test-password").statusCode()).isIn(404, 405);

        JsonNode body = JSON.readTree(viewer.body());
        assertThat(body.path("rules").findValuesAsText("name"))
                .containsExactly("batch-latency", "dead-letters", "error-rate", "feed-lag", "missed-run", "producer-disconnected", "success-rate");
        assertThat(body.path("resolved").findValuesAsText("rule")).contains("success-rate", "dead-letters", "error-rate",
                "missed-run", "batch-latency", "producer-disconnected");
        assertThat(body.path("channels").path("email_recipients").asInt()).isEqualTo(1);
        assertThat(body.path("channels").path("webhooks").findValuesAsText("name")).containsExactly("ops-json", "ops-slack", "ops-teams", "ops-flaky");
        assertThat(viewer.body()).doesNotContain(HOOK_TOKEN, DB_PASSWORD, SMTP_PASSWORD, "127.0.0.1:" + receiver.getAddress().getPort());
        // the webhook that answered 503 once got its notifications all the same, by redelivery
        assertThat(FLAKY_HOOK_CALLS.get()).isEqualTo(HOOKS.get("flaky").size() + 1);
    }

    // --- the browser ---------------------------------------------------------------------------------------

    static void signIn(WebDriver browser, String user, String password) {
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        wait.ignoring(StaleElementReferenceException.class, JavascriptException.class)
                .until(d -> "true".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || null")));
    }

    static String text(WebDriver browser, String css) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css);
    }

    static void awaitText(WebDriver browser, String css, String expected) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).withMessage(() -> css + " shows '" + text(browser, css) + "'")
                .until(d -> expected.equals(text(browser, css)));
    }
}
