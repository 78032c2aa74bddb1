package io.querycast.hawtio;

import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunStatus;
import io.querycast.support.HeadlessChromium;
import io.querycast.support.RunAwaiter;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio in a real browser (Debian's headless Chromium): an operator, authenticated by HTTP Basic through
 * Chrome DevTools, opens the console, and its Camel plugin lists the export route of a test job with the
 * exchange its run completed. Saves the view to target/hawtio-browser/routes.png
 * ({@code -Dquerycast.hawtio.screenshot=docs/images/hawtio.png} for the documentation's picture).
 * <p>
 * Runs in a JVM of its own (the pom's surefire execution {@code hawtio-browser}): Hawtio's tree holds every
 * Camel context of the JVM, and the other test classes leave theirs running in Spring's context cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/api/connections.yaml",
        "querycast.jobs-dir=src/test/config/api/jobs",
        "querycast.queries-dir=src/test/queries",
        "camel.main.name=" + HawtioBrowserTest.CONTEXT})
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "QC_TEST_KAFKA",
        topics = {"qc.api.types", "qc.api.types.DLT"})
class HawtioBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    RunHistory history;
    @Autowired
    JobLauncher launcher;

    static final String CONTEXT = "querycast-hawtio";
    /** A node of Hawtio's tree, by its label. */
    static final String NODE = "//li[div//*[normalize-space(text())='%s']]";
    /** The Routes tab of a context's routes folder: a navigation link in Hawtio 5 (PatternFly 6). */
    static final String ROUTES_TAB = "//*[@role='tab' or self::button or self::a][normalize-space()='Routes']";
    /** A row of the Routes tab's table, by route id (the name cell). */
    static final String ROW = "//table[@id='camel-routes-table']//tbody/tr[td[normalize-space()='%s']]";
    /** The "routes" folder of a context in the tree. */
    static final String ROUTES_UNDER = "//li[div//*[normalize-space(text())='%s']]//*[normalize-space(text())='routes']";

    static List<String> cells(WebDriver browser, String routeId) {
        return browser.findElements(By.xpath(ROW.formatted(routeId) + "/td")).stream()
                .map(WebElement::getText).map(String::trim).toList();
    }

    @Test
    void theCamelPluginListsTheExportRoutes() throws Exception {
        String runId = launcher.runNow("api-types", io.querycast.run.Trigger.API, java.util.Map.of());
        assertThat(RunAwaiter.awaitFinished(history, runId, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.SUCCESS);

        WebDriver browser = HeadlessChromium.start();
        try {
            ((HasAuthentication) browser).register(UsernameAndPassword.of("test-operator", "operator-test-password"));
            String base = "http://localhost:" + port + "/actuator/hawtio/";
            browser.get(base + "camel/routes");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            Path debug = Path.of("target/hawtio-browser");
            Files.createDirectories(debug);
            try {
                // the tree has one node per Camel context of the JVM, labelled with its name: this application's
                // context has a name of its own here, as other test applications may share the JVM
                wait.until(d -> !d.findElements(By.xpath(NODE.formatted(CONTEXT))).isEmpty());
                if (browser.findElements(By.xpath(ROW.formatted("api-types-deliver"))).isEmpty()) {
                    if (browser.findElements(By.xpath(ROUTES_UNDER.formatted(CONTEXT))).isEmpty()) {
                        browser.findElement(By.xpath(NODE.formatted(CONTEXT) + "/div//*[@class='pf-v6-c-tree-view__node-toggle']")).click();
                        wait.until(d -> !d.findElements(By.xpath(ROUTES_UNDER.formatted(CONTEXT))).isEmpty());
                    }
                    browser.findElement(By.xpath(ROUTES_UNDER.formatted(CONTEXT))).click();
                    // the routes folder opens on its Route Diagram tab: the table is on the Routes tab
                    wait.until(d -> !d.findElements(By.xpath(ROUTES_TAB)).isEmpty());
                    browser.findElement(By.xpath(ROUTES_TAB)).click();
                }
                // the Routes tab's table: state and exchange counts per route, not only the tree on the left
                wait.until(d -> !d.findElements(By.xpath(ROW.formatted("api-types-deliver"))).isEmpty());
            } finally {
                HeadlessChromium.screenshot(browser, debug.resolve("last.png"));
                Files.writeString(debug.resolve("last.txt"), browser.getCurrentUrl() + "\n" + browser.findElement(By.tagName("body")).getText());
                Files.writeString(debug.resolve("last.html"), browser.getPageSource());
                Files.write(debug.resolve("console.log"), browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                        .getAll().stream().map(Object::toString).toList());
            }
            List<String> header = browser.findElements(By.xpath("//table[@id='camel-routes-table']//thead//th")).stream()
                    .map(WebElement::getText).map(String::trim).toList();
            int state = header.indexOf("State");
            int completed = header.indexOf("Completed");
            int failed = header.indexOf("Failed");
            assertThat(state).as(header.toString()).isPositive();
            assertThat(completed).as(header.toString()).isPositive();
            for (String route : List.of("api-types", "api-types-deliver", "api-types-dead-letter", "api-switch")) {
                assertThat(browser.findElements(By.xpath(ROW.formatted(route)))).as(route).hasSize(1);
            }
            List<String> run = cells(browser, "api-types");
            assertThat(run.get(state)).isEqualTo("Started");
            assertThat(Long.parseLong(run.get(completed))).isGreaterThanOrEqualTo(1);
            assertThat(Long.parseLong(run.get(failed))).isZero();
            assertThat(Long.parseLong(cells(browser, "api-types-deliver").get(completed))).isGreaterThanOrEqualTo(1);
            assertThat(Long.parseLong(cells(browser, "api-types-dead-letter").get(completed))).isZero();

            // the screenshot: the job's rows in view
            WebElement row = browser.findElement(By.xpath(ROW.formatted("api-switch")));
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});", row);
            // docs/images/hawtio.png is refreshed with -Dquerycast.hawtio.screenshot=docs/images/hawtio.png
            HeadlessChromium.screenshot(browser, Path.of(System.getProperty("querycast.hawtio.screenshot",
                    "target/hawtio-browser/routes.png")));
        } finally {
            browser.quit();
        }
    }
}
