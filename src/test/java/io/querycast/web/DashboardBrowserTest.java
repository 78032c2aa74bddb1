package io.querycast.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.run.RunHistory;
import io.querycast.run.RunHistory.RunQuery;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.support.HeadlessChromium;
import io.querycast.support.RunAwaiter;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium against the running application (random port, Spring Security
 * on, the test users of src/test/config/users.yaml), a real KRaft broker and H2: form login (and its
 * refusal), the status bar, the figures of a run as the page shows them against the run's record, Run now
 * from the page, a viewer's disabled buttons and refused POST, and the CSRF token a session's POST needs.
 * Screenshots go to target/screenshots, and also to the directory of -Dquerycast.screenshots (docs/images).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/dashboard/connections.yaml",
        "querycast.jobs-dir=src/test/config/dashboard/jobs",
        "querycast.queries-dir=src/test/queries"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.dash.events", "qc.dash.events.DLT"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final String JOB = "dash-events";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final NumberFormat EN = NumberFormat.getIntegerInstance(Locale.US);
    static final ObjectMapper JSON = new ObjectMapper();

    static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    RunHistory history;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    }

    /** Signs in through the form, starting from the dashboard URL as a user would. */
    void signIn(String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get(url("/"));
        await().until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    void signInToDashboard(String user, String password) {
        signIn(user, password);
        // the browser is still leaving the login page for a moment: its body may go stale under a lookup
        await().ignoring(StaleElementReferenceException.class, JavascriptException.class)
                .until(d -> "true".equals(attribute("body", "data-ready")));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
        assertThat(browser.findElement(By.id("me-name")).getText()).isEqualTo(user);
    }

    /**
     * The rendered text of the first element matching {@code css}, or null: read in one script call, because
     * the panels redraw their rows when the data changes and a WebElement held across a redraw goes stale.
     */
    String text(String css) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css);
    }

    String attribute(String css, String name) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null", css, name);
    }

    /** Waits until the element shows exactly this text. */
    void awaitText(String css, String expected) {
        await().withMessage(() -> css + " shows '" + text(css) + "', expected '" + expected + "'")
                .until(d -> expected.equals(text(css)));
    }

    void click(String css) {
        await().ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    static String n(long value) {
        return EN.format(value);
    }

    /** The page's own fetch, as a script of the page could make it: the answer's status. */
    long fetchStatus(String method, String path, boolean withCsrfToken) {
        return (Long) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = {'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json'};
                if (arguments[2]) headers[document.querySelector('meta[name="csrf-header"]').content]
                                        = document.querySelector('meta[name="csrf-token"]').content;
                fetch(arguments[1], {method: arguments[0], headers, credentials: 'same-origin'})
                  .then(r => done(r.status), e => done(-1));
                """, method, path, withCsrfToken);
    }

    /** The whole page, or only the given element (a panel) when there is one. */
    void screenshot(String name, WebElement element) throws Exception {
        Path target = Path.of("target/screenshots", name);
        HeadlessChromium.screenshot(browser, element, target);
        String docs = System.getProperty("querycast.screenshots");
        if (docs != null && !docs.isBlank()) {
            Files.createDirectories(Path.of(docs));
            Files.copy(target, Path.of(docs, name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Starts a run of the job as a program would: HTTP Basic, no session. */
    String startRun(String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/api/jobs/" + JOB + "/run")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("test-operator:operator-test-password".getBytes(StandardCharsets.UTF_8)))
                // every POST to the API is JSON, even one without a body
                .header("Content-Type", "application/json");
        HttpResponse<String> started = HttpClient.newHttpClient().send(
                b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return JSON.readTree(started.body()).get("run_id").asText();
    }

    List<RunRecord> allRuns() {
        return history.search(new RunQuery(null, null, null, null, null, 1000));
    }

    @Test
    @Order(1)
    void aWrongPasswordStaysOnTheLoginPageWithAnError() {
        signIn("test-operator", "not-the-password");
        WebElement error = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).isEqualTo("Wrong user name or password.");
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/login?error"));
        // still signed out: the dashboard sends the browser back to the form
        browser.get(url("/"));
        await().until(ExpectedConditions.urlToBe(url("/login")));
        assertThat(browser.findElements(By.id("login-form"))).hasSize(1);
    }

    @Test
    @Order(2)
    void anOperatorSeesTheConnectionsUpAndTheFiguresOfARun() throws Exception {
        signInToDashboard("test-operator", "operator-test-password");

        // status bar: the cluster and the database, probed, green, with the time of the check
        for (String item : List.of("[data-kind=kafka][data-name=default]", "[data-kind=db][data-name=events]")) {
            String css = "#status-bar .status-item" + item;
            await().until(d -> "up".equals(attribute(css, "data-state")));
            assertThat(text(css + " .status-time")).as(item).matches("\\d{2}:\\d{2}:\\d{2}");
        }

        // a run through the API (HTTP Basic, as a program would); the page must pick it up by polling
        String runId = startRun(null);
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.sent()).isPositive();

        // what the page shows, against the state store: every run of this application is in the figures
        List<RunRecord> runs = allRuns();
        long sent = runs.stream().mapToLong(RunRecord::sent).sum();
        long bytes = runs.stream().mapToLong(RunRecord::bytes).sum();
        await().until(d -> String.valueOf(sent).equals(attribute("#hourly-total", "data-value")));
        assertThat(attribute("#daily-total", "data-value")).isEqualTo(String.valueOf(sent));
        awaitText("#summary-today td[data-field=sent]", n(sent));
        awaitText("#summary-today td[data-field=errors]", "0");
        awaitText("#summary-today td[data-field=success_rate]", "100 %");
        awaitText("#summary-week td[data-field=sent]", n(sent));
        // the chart itself holds the same counts as the caption
        Number drawn = (Number) ((JavascriptExecutor) browser).executeScript(
                "return Chart.getChart('chart-hourly').data.datasets[0].data.reduce((a, b) => a + b, 0)");
        assertThat(drawn.longValue()).isEqualTo(sent);
        Number latencyPoints = (Number) ((JavascriptExecutor) browser).executeScript(
                "return Chart.getChart('chart-latency').data.datasets[2].data.filter(v => v !== null).length");
        assertThat(latencyPoints.intValue()).isPositive();

        String topic = "#topics-table tr[data-topic='qc.dash.events']";
        awaitText(topic + " td[data-field=sent]", n(sent));
        assertThat(attribute(topic + " td[data-field=bytes]", "data-value")).isEqualTo(String.valueOf(bytes));

        // the run in the history table and its detail, with the counts of its record
        String row = "#history-table tr[data-run='" + runId + "']";
        awaitText(row + " td[data-field=status]", "success");
        assertThat(text(row + " td[data-field=rows_read]")).isEqualTo(n(run.rowsRead()));
        assertThat(text(row + " td[data-field=sent]")).isEqualTo(n(run.sent()));
        assertThat(text(row + " td[data-field=dead_lettered]")).isEqualTo(n(run.deadLettered()));
        click(row);
        awaitText("#run-detail dd[data-field=run_id]", runId);
        assertThat(text("#run-detail dd[data-field=sent]")).isEqualTo(n(run.sent()));
        assertThat(text("#run-detail dd[data-field=dead_lettered]")).isEqualTo(n(run.deadLettered()));
        assertThat(text("#run-detail dd[data-field=error]")).isEqualTo("none");

        // the job's row: last run and its counts, the producer now connected
        await().until(d -> text("#jobs-table tr[data-job='" + JOB + "'] td[data-field=last-status]").startsWith("success"));
        await().until(d -> "up".equals(attribute("#status-bar [data-kind=producer][data-name=default]", "data-state")));

        // a POST of the session without the CSRF token is refused (and changes nothing); with it, it passes
        assertThat(fetchStatus("POST", "/api/jobs/" + JOB + "/disable", false)).isEqualTo(403);
        assertThat(text("#jobs-table tr[data-job='" + JOB + "'] td[data-field=enabled]")).isEqualTo("enabled");
        assertThat(fetchStatus("POST", "/api/jobs/" + JOB + "/enable", true)).isEqualTo(200);
        // the operator's decision is kept, and the page says whose it is
        String switched = "#jobs-table tr[data-job='" + JOB + "'] td[data-field=enabled] [data-field=switched]";
        await().until(d -> String.valueOf(text(switched)).startsWith("by test-operator · "));
        // the way to Hawtio, for operators
        WebElement hawtio = browser.findElement(By.id("hawtio-link"));
        assertThat(hawtio.isDisplayed()).isTrue();
        assertThat(hawtio.getAttribute("href")).isEqualTo(url("/actuator/hawtio/camel/routes"));

        screenshot("dashboard.png", null);
    }

    @Test
    @Order(3)
    void runNowFromThePageAddsTheRunToHistory() throws Exception {
        signInToDashboard("test-operator", "operator-test-password");
        Set<String> before = allRuns().stream().map(RunRecord::runId).collect(Collectors.toSet());

        String runNow = "#jobs-table tr[data-job='" + JOB + "'] button.run-now";
        await().until(d -> d.findElement(By.cssSelector(runNow)).isEnabled());
        click(runNow);
        WebElement dialog = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-dialog")));
        WebElement maxId = dialog.findElement(By.cssSelector("input[data-param=MAX_ID]"));
        assertThat(maxId.getAttribute("placeholder")).isEqualTo("1234");
        maxId.sendKeys("321");
        dialog.findElement(By.id("run-start")).click();

        // the new run's row appears without reloading the page
        String runId = await().until(d -> {
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) ((JavascriptExecutor) d).executeScript(
                    "return [...document.querySelectorAll('#history-table tbody tr[data-run]')].map(r => r.dataset.run)");
            return ids.stream().filter(id -> !before.contains(id)).findFirst().orElse(null);
        });
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.trigger().toString()).isEqualTo("api");
        assertThat(run.parameters()).containsEntry("MAX_ID", "321");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        String row = "#history-table tr[data-run='" + runId + "']";
        awaitText(row + " td[data-field=status]", "success");
        assertThat(text(row + " td[data-field=rows_read]")).isEqualTo(n(run.rowsRead()));
        assertThat(text(row + " td[data-field=sent]")).isEqualTo(n(run.sent()));

        // the filters: status failed does not hold it; this job and status success do
        Select.of(browser, "#history-filters select[name=status]").select("failed");
        click("#history-filters button[type=submit]");
        await().until(d -> text(row) == null);
        Select.of(browser, "#history-filters select[name=status]").select("success");
        Select.of(browser, "#history-filters select[name=job]").select(JOB);
        click("#history-filters button[type=submit]");
        click(row);
        awaitText("#run-detail dd[data-field=run_id]", runId);
        assertThat(text("#run-detail dd[data-field=parameters]")).isEqualTo("{\"MAX_ID\":\"321\"}");
        assertThat(text("#run-detail dd[data-field=dead_lettered]")).isEqualTo(n(run.deadLettered()));

        screenshot("dashboard-history.png", browser.findElement(By.id("history-panel")));
    }

    @Test
    @Order(4)
    void aViewerSeesTheOperatorButtonsDisabledAndCannotPost() {
        signInToDashboard("test-viewer", "viewer-test-password");
        assertThat(browser.findElement(By.id("me-roles")).getText()).isEqualTo("viewer");
        String job = "#jobs-table tr[data-job='" + JOB + "']";
        await().until(d -> text(job) != null);
        assertThat(browser.findElement(By.cssSelector(job + " button.run-now")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.cssSelector(job + " button.toggle")).isEnabled()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#tools-panel button"))).allSatisfy(b -> assertThat(b.isEnabled()).isFalse());
        assertThat(browser.findElement(By.id("hawtio-link")).isDisplayed()).as("Hawtio is for operators").isFalse();

        // forcing it: the viewer's session with a valid CSRF token is still refused by role
        int before = allRuns().size();
        assertThat(fetchStatus("POST", "/api/jobs/" + JOB + "/run", true)).isEqualTo(403);
        assertThat(fetchStatus("POST", "/api/jobs/" + JOB + "/disable", true)).isEqualTo(403);
        assertThat(allRuns()).hasSize(before);
        assertThat(fetchStatus("GET", "/api/me", false)).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aFailedRunIsAmongTheRecentErrorsWithItsJobTopicAndError() throws Exception {
        signInToDashboard("test-operator", "operator-test-password");
        // a value the query cannot cast: the run fails in the database, before any record is sent
        String runId = startRun("{\"parameters\": {\"MAX_ID\": \"not-a-number\"}}");
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isNotBlank();

        String error = "#errors-table tr[data-run='" + runId + "']";
        await().until(d -> text(error) != null);
        assertThat(text(error + " td:nth-child(2)")).isEqualTo(JOB);
        assertThat(text(error + " td:nth-child(3)")).isEqualTo(run.topic());
        // one line in the table (the cell wraps), the record's text as it is
        assertThat(text(error + " td:nth-child(6)")).isEqualTo(run.error().replaceAll("\\s+", " ").trim());

        String row = "#history-table tr[data-run='" + runId + "']";
        awaitText(row + " td[data-field=status]", "failed");
        click(row);
        awaitText("#run-detail dd[data-field=run_id]", runId);
        assertThat(text("#run-detail dd[data-field=error]")).isEqualTo(run.error().trim());
        assertThat(text("#run-detail dd[data-field=dead_lettered]")).isEqualTo(n(run.deadLettered()));
    }

    /** A select element by CSS, choosing by value. */
    record Select(org.openqa.selenium.support.ui.Select select) {
        static Select of(WebDriver d, String css) {
            return new Select(new org.openqa.selenium.support.ui.Select(d.findElement(By.cssSelector(css))));
        }

        void select(String value) {
            select.selectByValue(value);
        }
    }
}
