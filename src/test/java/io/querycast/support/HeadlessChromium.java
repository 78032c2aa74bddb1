package io.querycast.support;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * (.ci/run installs them). Both paths are given explicitly, so Selenium Manager never looks for, or
 * downloads, a browser or a driver.
 */
public final class HeadlessChromium {

    public static final String BROWSER = System.getProperty("querycast.chromium", "/usr/bin/chromium");
    public static final String DRIVER = System.getProperty("querycast.chromedriver", "/usr/bin/chromedriver");
    public static final int WIDTH = 1440;
    public static final int HEIGHT = 900;

    private HeadlessChromium() {
    }

    private static boolean available() {
        return new File(BROWSER).canExecute() && new File(DRIVER).canExecute();
    }

    public static WebDriver start() {
        if (!available()) {
            throw new IllegalStateException("browser tests need " + BROWSER + " and " + DRIVER
                    + " (Debian: apt-get install chromium chromium-driver; .ci/run does it)");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US");
        // the console's messages, for a test to print when a page does not show what it waits for
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /**
     * The whole page as PNG: the window is made as tall as the document for the shot, then set back, so the
     * page keeps its laptop-sized layout (the width does not change).
     */
    public static void screenshot(WebDriver driver, Path file) {
        screenshot(driver, null, file);
    }

    /** One element (a panel) as PNG, whole even when it reaches below the window, as above. */
    public static void screenshot(WebDriver driver, WebElement element, Path file) {
        Dimension before = driver.manage().window().getSize();
        try {
            Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                    "window.scrollTo(0, 0); return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
            driver.manage().window().setSize(new Dimension(before.getWidth(), Math.max(before.getHeight(), height.intValue() + 120)));
            byte[] png = element == null ? ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES)
                    : element.getScreenshotAs(OutputType.BYTES);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }
}
