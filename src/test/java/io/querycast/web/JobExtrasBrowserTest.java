package io.querycast.web;

import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.Trigger;
import io.querycast.support.HeadlessChromium;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs table's Preview and Replay DLT buttons in a real headless Chromium against the running application
 * (Spring Security on, a real KRaft broker, H2): the preview dialog shows the records the preview endpoint gives
 * (keys from key_columns, wrapped values), the replay dialog re-sends a run's dead letter, and a viewer gets
 * both buttons disabled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/shape/connections.yaml",
        "querycast.jobs-dir=src/test/config/shape/jobs",
        "querycast.queries-dir=src/test/config/shape/queries",
        // a context (and broker) of its own: RecordShapeExportTest counts the records on the same topics
        "querycast.test.context=job-extras-browser"})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.shape.wrapped", "qc.shape.wrapped.DLT", "qc.shape.nullpart", "qc.shape.nullpart.DLT", "qc.shape.steps", "qc.shape.steps.DLT"})
class JobExtrasBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

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

    @Test
    void anOperatorPreviewsAJobAndReplaysARunsDeadLetters() {
        signIn("test-operator", "operator-test-password");
        String wrapped = "#jobs-table tr[data-job='shape-wrapped']";
        click(wrapped + " button.preview");
        await().until(d -> count("#preview-records .preview-record") == 3);
        assertThat(texts("#preview-records [data-field=key]")).containsExactly("#1 key A/K1", "#2 key A/K2", "#3 key B/K3");
        assertThat(text("#preview-records .preview-record[data-row='1'] [data-field=value]"))
                .contains("\"data\"").contains("\"ID\": \"K1\"").contains("\"system\": \"querycast\"");
        assertThat(text("#preview-records [data-field=summary]")).startsWith("3 record(s)");
        HeadlessChromium.screenshot(browser, Path.of("target/screenshots/job-preview.png"));
        click("#preview-close");
        assertThat(TopicReader.count(bootstrap, "qc.shape.wrapped")).as("a preview sends nothing").isZero();

        String exportRun = launcher.runNow("shape-null-part", Trigger.MANUAL, Map.of());
        assertThat(RunAwaiter.awaitFinished(history, exportRun, WAIT).deadLettered()).isEqualTo(1);
        long before = TopicReader.count(bootstrap, "qc.shape.nullpart");
        click("#jobs-table tr[data-job='shape-null-part'] button.replay");
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("replay-run"))).sendKeys(exportRun);
        click("#replay-start");
        await().until(d -> text("#tool-result") != null && text("#tool-result").startsWith("replay "));
        assertThat(text("#tool-result")).contains(": success").contains("matched 1, sent 1");
        assertThat(TopicReader.count(bootstrap, "qc.shape.nullpart")).isEqualTo(before + 1);
        RunRecord replay = history.search(new RunHistory.RunQuery("shape-null-part", null, null, null, null, 10)).stream()
                .filter(r -> r.trigger() == Trigger.REPLAY).findFirst().orElseThrow();
        assertThat(List.of(replay.rowsRead(), replay.sent())).containsExactly(1L, 1L);
    }

    @Test
    void aViewerHasBothButtonsDisabled() {
        signIn("test-viewer", "viewer-test-password");
        String row = "#jobs-table tr[data-job='shape-wrapped']";
        await().until(d -> count(row + " button.preview") == 1);
        assertThat(browser.findElement(By.cssSelector(row + " button.preview")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.cssSelector(row + " button.replay")).isEnabled()).isFalse();
    }

    void signIn(String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/");
        await().until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        await().ignoring(StaleElementReferenceException.class, JavascriptException.class)
                .until(d -> "true".equals(js("return document.body.getAttribute('data-ready')")));
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    }

    void click(String css) {
        await().ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    long count(String css) {
        return (Long) js("return document.querySelectorAll(arguments[0]).length", css);
    }

    String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css);
    }

    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())", css);
    }
}
