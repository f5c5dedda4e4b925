package dev.oauthpreloader.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oauthpreloader.support.ServiceUnderTest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver. Both paths are given
 * explicitly so Selenium Manager never looks for (or downloads) a browser. A JUnit extension: a
 * test class registers one after its service, and each test then starts as a fresh visitor (a new
 * cookie jar, the desktop size) and fails if a page it opened broke the Content-Security-Policy.
 */
final class ChromeSession implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Dimension DESKTOP = new Dimension(1024, 768);
    static final Dimension PHONE = new Dimension(375, 740);

    private final ServiceUnderTest service;
    private final boolean javascript;
    ChromeDriver driver;
    private Path profile;

    private ChromeSession(ServiceUnderTest service, boolean javascript) {
        this.service = service;
        this.javascript = javascript;
    }

    /** A Chromium for {@code service}, with or without JavaScript, opened when the class starts. */
    static ChromeSession forService(ServiceUnderTest service, boolean javascript) {
        return new ChromeSession(service, javascript);
    }

    /** For a class that starts its own service before the browser: a Chromium opened now, ended by {@link #close}. */
    static ChromeSession open(ServiceUnderTest service, boolean javascript) {
        ChromeSession session = new ChromeSession(service, javascript);
        session.beforeAll(null);
        return session;
    }

    void close() {
        afterAll(null);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!installed()) return; // each test then skips, or fails in CI, with the reason
        // Selenium Manager is only consulted for paths we did not give; SE_* properties reach its
        // environment, so it stays offline even then.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        System.setProperty("SE_OFFLINE", "true");
        try {
            this.profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile);
        if (!javascript) options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(DESKTOP);
    }

    /**
     * Skips the calling test when Debian's Chromium or ChromeDriver is missing, unless CI=true:
     * there a missing browser is a broken build, not a reason to skip.
     */
    static void requireChromium() {
        if (installed()) return;
        String hint = "Browser tests need Debian's Chromium and ChromeDriver: apt-get install chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) fail(hint + " (CI=true, so they may not be skipped)");
        assumeTrue(false, hint);
    }

    static boolean installed() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        requireChromium();
        reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver == null) return;
        consoleErrors().forEach(entry -> assertFalse(entry.getMessage().contains("Content Security Policy"),
                context.getDisplayName() + " opened a page that broke the Content-Security-Policy: " + entry.getMessage()));
    }

    /** A new visitor: no cookies, desktop size, the network back to normal. */
    void reset() {
        driver.manage().deleteAllCookies();
        driver.manage().window().setSize(DESKTOP);
        blockStatusPolls(false);
    }

    void go(String path) {
        driver.get(service.baseUrl() + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean isShown(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Text as a screen reader gets it, including text that is visually hidden. */
    String spokenText(String css) {
        return find(css).getDomProperty("textContent").strip();
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    void awaitPath(String path, Duration timeout) {
        waitUpTo(timeout).withMessage(() -> "expected to reach " + path + ", still on " + driver.getCurrentUrl())
                .until(d -> path().equals(path));
    }

    void awaitText(String css, String expected, Duration timeout) {
        waitUpTo(timeout).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), expected));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Makes every /get-status request fail at the network level (as a dropped connection would),
     * through Chromium's own DevTools protocol: nothing in the service is touched.
     */
    void blockStatusPolls(boolean block) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", block ? List.of("*/get-status*") : List.of()));
    }

    List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Saves what the page looks like now under target/screenshots/, for people to look at. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver == null) return;
        driver.quit();
        driver = null;
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
