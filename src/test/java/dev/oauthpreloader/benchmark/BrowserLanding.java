package dev.oauthpreloader.benchmark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15's browser target: how long after the provider answers the code a person's headless
 * Chromium has the logged-in page. One login at a time on a warmed service, nothing else running.
 * "The provider answered" is the end of the worker's token stage, as the service recorded it
 * (created_at + queue_ms + token_ms of the row); "landed" is the logged-in page's
 * DOMContentLoaded. Both are this machine's clock.
 */
final class BrowserLanding {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private BrowserLanding() {
    }

    static boolean available() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    /** Milliseconds from the provider's answer to the landed page, for each of {@code logins} logins in turn. */
    static List<Long> measure(String serviceUrl, Path database, int logins) throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        System.setProperty("SE_OFFLINE", "true");
        Path profile = Files.createTempDirectory("bench-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile);
        ChromeDriver chrome = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build(), options);
        List<Long> landings = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            for (int i = 0; i < logins; i++) {
                chrome.manage().deleteAllCookies();
                chrome.get(serviceUrl + "/login/simulator?user=browser" + i + "&auto=1");
                new WebDriverWait(chrome, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
                double ready = ((Number) chrome.executeScript("return performance.timeOrigin"
                        + " + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;")).doubleValue();
                landings.add(Math.round(ready) - providerAnsweredAt(db));
            }
        } finally {
            chrome.quit();
        }
        return landings;
    }

    /** When the newest login's token stage ended. */
    private static long providerAnsweredAt(Connection db) throws SQLException {
        try (var statement = db.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT created_at + COALESCE(queue_ms, 0) + token_ms FROM async_operation
                     WHERE token_ms IS NOT NULL ORDER BY id DESC LIMIT 1""")) {
            if (!row.next()) throw new IllegalStateException("no finished login in " + db);
            return row.getLong(1);
        }
    }
}
