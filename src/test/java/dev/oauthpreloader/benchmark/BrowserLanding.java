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
 * DOMContentLoaded. Both are this machine's clock. Each landing is split where the service hands
 * over: the worker's profile call and save (to the row's finished_at), the poll's answer and the
 * page's script (to the navigation's start), and Chromium's navigation through /success to the
 * logged-in page.
 */
final class BrowserLanding {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private BrowserLanding() {
    }

    static boolean available() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    /** One login's landing: its total and its three parts, in ms. */
    record Landing(long total, long worker, long poll, long navigation) {
        @Override
        public String toString() {
            return total + " (" + worker + "+" + poll + "+" + navigation + ")";
        }
    }

    /** The landing of each of {@code logins} logins in turn. */
    static List<Landing> measure(String serviceUrl, Path database, int logins) throws Exception {
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
        List<Landing> landings = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            for (int i = 0; i < logins; i++) {
                chrome.manage().deleteAllCookies();
                chrome.get(serviceUrl + "/login/simulator?user=browser" + i + "&auto=1");
                new WebDriverWait(chrome, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
                @SuppressWarnings("unchecked")
                List<Number> page = (List<Number>) chrome.executeScript("return [performance.timeOrigin,"
                        + " performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd];");
                long navigationStart = Math.round(page.get(0).doubleValue());
                long ready = Math.round(page.get(1).doubleValue());
                long[] row = newestLogin(db);
                landings.add(new Landing(ready - row[0], row[1] - row[0], navigationStart - row[1], ready - navigationStart));
            }
        } finally {
            chrome.quit();
        }
        return landings;
    }

    /** When the newest login's token stage ended, and when its row was marked finished. */
    private static long[] newestLogin(Connection db) throws SQLException {
        try (var statement = db.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT created_at + COALESCE(queue_ms, 0) + token_ms, finished_at FROM async_operation
                     WHERE token_ms IS NOT NULL ORDER BY id DESC LIMIT 1""")) {
            if (!row.next()) throw new IllegalStateException("no finished login in " + db);
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }
}
