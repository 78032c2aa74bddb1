package io.querycast.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.querycast.job.JobCatalog;
import io.querycast.support.HeadlessChromium;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's scheduling panel in a real headless Chromium (Debian's chromium and chromedriver) against
 * the running application: a job created from the form (cron read back in words), an edit that meets a change
 * someone else saved meanwhile (the 412 is shown, nothing overwritten), a delete; and a viewer's panel, read-only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "querycast.reload.debounce=200ms")
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA", topics = {"qc.panel.a", "qc.panel.a.DLT"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulingPanelBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("qc-panel");
            Files.createDirectories(DIR.resolve("jobs"));
            Files.createDirectories(DIR.resolve("queries"));
            Files.writeString(DIR.resolve("connections.yaml"), """
                    databases:
                      panel:
                        url: "jdbc:h2:mem:qc-panel;DB_CLOSE_DELAY=-1"
                        username: sa
                    kafka:
                      default:
                        bootstrap_servers: ${QC_TEST_KAFKA}
                    """);
            Files.writeString(DIR.resolve("queries/panel-rows.sql"), """
                    define UPTO='3'  --Opzionale: rows 1 to UPTO
                    SELECT X AS ID FROM SYSTEM_RANGE(1, CAST(:UPTO AS INT))
                    """);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("querycast.connections-file", () -> DIR.resolve("connections.yaml").toString());
        registry.add("querycast.jobs-dir", () -> DIR.resolve("jobs").toString());
        registry.add("querycast.queries-dir", () -> DIR.resolve("queries").toString());
    }

    static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    JobCatalog catalog;

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

    void signIn(String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get(url("/"));
        await().until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        await().ignoring(StaleElementReferenceException.class, JavascriptException.class)
                .until(d -> "true".equals(script("const p = document.getElementById('scheduling-panel'); return p ? p.dataset.ready : null")));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    String text(String css) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css);
    }

    WebElement field(String name) {
        return browser.findElement(By.cssSelector("#sched-form [name='" + name + "']"));
    }

    void type(String name, String value) {
        WebElement e = field(name);
        e.clear();
        e.sendKeys(value);
    }

    void choose(String name, String value) {
        await().ignoring(StaleElementReferenceException.class).until(d -> {
            new Select(field(name)).selectByValue(value);
            return true;
        });
    }

    void openJob(String id) {
        await().ignoring(StaleElementReferenceException.class).until(d -> {
            new Select(d.findElement(By.id("sched-job"))).selectByValue(id);
            return true;
        });
        await().until(d -> ("Editing " + id).equals(text("#sched-mode")));
        await().until(d -> !field("topic").getDomProperty("value").isEmpty());
    }

    String operatorPut(String id, String ifMatch, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/jobs/" + id)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("test-operator:operator-test-password".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("If-Match", ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    String etag(String id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/jobs/" + id)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("test-viewer:viewer-test-password".getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    @Order(1)
    void anOperatorCreatesAJobFromThePanel() throws Exception {
        signIn("test-operator", "operator-test-password");
        type("id", "panel-daily");
        type("description", "made in the browser");
        choose("query", "panel-rows.sql");
        await().until(d -> !d.findElements(By.cssSelector("#sched-parameters input[data-param='UPTO']")).isEmpty());
        browser.findElement(By.cssSelector("#sched-parameters input[data-param='UPTO']")).sendKeys("2");
        choose("db_connection", "panel");
        type("schedule", "0 8 * * 1-5");
        type("timezone", "Europe/Rome");
        await().until(d -> String.valueOf(text("#sched-cron")).startsWith("at 08:00, Monday to Friday · next: "));
        type("topic", "qc.panel.a");
        type("key_column", "ID");
        type("batch_size", "50");
        type("max_redeliveries", "2");
        type("success_threshold", "90");
        browser.findElement(By.id("sched-save")).click();
        await().until(d -> String.valueOf(text("#sched-message")).startsWith("Saved panel-daily"));
        String file = Files.readString(DIR.resolve("jobs/panel-daily.yaml"));
        assertThat(file).contains("topic: \"qc.panel.a\"", "schedule: \"0 8 * * 1-5\"", "batch_size: 50", "max_redeliveries: 2", "UPTO: \"2\"",
                "timezone: \"Europe/Rome\"", "success_threshold: 90");
        // an unticked exactly_once is left out (the field is refused on file exports; off is its default)
        assertThat(file).doesNotContain("exactly_once");
        await().until(d -> catalog.find("panel-daily").isPresent());
        assertThat(catalog.require("panel-daily").batchSize()).isEqualTo(50);
        assertThat(text("#sched-mode")).isEqualTo("Editing panel-daily");
        HeadlessChromium.screenshot(browser, browser.findElement(By.id("scheduling-panel")), Path.of("target/screenshots/scheduling-panel.png"));
    }

    @Test
    @Order(2)
    void anEditThatMeetsAnotherOnesChangeIsShownTheConflict() throws Exception {
        signIn("test-operator", "operator-test-password");
        openJob("panel-daily");
        assertThat(field("batch_size").getDomProperty("value")).isEqualTo("50");
        // someone else saves a change after this page read the job
        ObjectNode other = (ObjectNode) JSON.readTree("""
                {"query": "panel-rows.sql", "db_connection": "panel", "schedule": "0 9 * * *", "topic": "qc.panel.a", "key_column": "ID",
                 "batch_size": 70}""");
        operatorPut("panel-daily", etag("panel-daily"), other.toString());
        type("batch_size", "99");
        browser.findElement(By.id("sched-save")).click();
        await().until(d -> String.valueOf(text("#sched-message")).startsWith("Conflict (412)"));
        assertThat(Files.readString(DIR.resolve("jobs/panel-daily.yaml"))).contains("batch_size: 70").doesNotContain("batch_size: 99");
        // opened again, the page shows the other change and can save on top of it
        browser.findElement(By.id("sched-reopen")).click();
        await().until(d -> "70".equals(field("batch_size").getDomProperty("value")));
        type("batch_size", "99");
        browser.findElement(By.id("sched-save")).click();
        await().until(d -> String.valueOf(text("#sched-message")).startsWith("Saved panel-daily"));
        assertThat(Files.readString(DIR.resolve("jobs/panel-daily.yaml"))).contains("batch_size: 99");
    }

    @Test
    @Order(3)
    void anOperatorDeletesAJobFromThePanel() {
        signIn("test-operator", "operator-test-password");
        openJob("panel-daily");
        browser.findElement(By.id("sched-delete")).click();
        await().until(ExpectedConditions.alertIsPresent()).accept();
        await().until(d -> "Deleted panel-daily.".equals(text("#sched-message")));
        assertThat(DIR.resolve("jobs/panel-daily.yaml")).doesNotExist();
        await().until(d -> catalog.find("panel-daily").isEmpty());
    }

    @Test
    @Order(4)
    void aViewersPanelIsReadOnly() {
        signIn("test-viewer", "viewer-test-password");
        assertThat(browser.findElement(By.id("sched-save")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("sched-delete")).isEnabled()).isFalse();
        assertThat(field("topic").isEnabled()).isFalse();
        assertThat(field("query").isEnabled()).isFalse();
    }
}
