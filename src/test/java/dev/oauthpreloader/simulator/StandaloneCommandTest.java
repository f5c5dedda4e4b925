package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.App;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.PostgresServer;
import dev.oauthpreloader.support.RunningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar oauth-preloader.jar simulator}: the main class with the argument, in a JVM of its own. */
class StandaloneCommandTest {

    @TempDir
    Path directory;

    @Test
    void the_simulator_command_starts_only_the_simulator_on_its_own_port_and_database() throws Exception {
        Assumptions.assumeFalse(PostgresServer.selected(), "a child JVM with its own SQLite file: once, in the SQLite pass");
        int port = RunningService.freePort();
        Path db = directory.resolve("own.db");
        Process process = start(Map.of("SIMULATOR_PORT", String.valueOf(port), "SIMULATOR_DATABASE_URL", "jdbc:sqlite:" + db));
        try {
            Browser browser = Browser.at("http://localhost:" + port);
            Page discovery = awaitUp(browser, "/simulator/.well-known/openid-configuration");
            assertEquals(200, discovery.status());
            assertTrue(discovery.body().contains("\"issuer\":\"http://localhost:" + port + "/simulator\""), discovery.body());
            assertEquals(404, browser.get("/login/simulator").status(), "the login service is not part of it");
            assertEquals(404, browser.get("/preloader").status());
            assertTrue(Files.exists(db), "its own database");
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_bad_setting_stops_the_simulator_with_exit_code_2_and_one_line_naming_it() throws Exception {
        Assumptions.assumeFalse(PostgresServer.selected(), "a child JVM: once, in the SQLite pass");
        Process process = start(Map.of("SIMULATOR_PORT", "99999"));
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("oauth-preloader simulator: SIMULATOR_PORT must be a whole number from 0 to 65535 (got '99999')"),
                output);
    }

    private Process start(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                App.class.getName(), "simulator").directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Page awaitUp(Browser browser, String path) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return browser.get(path);
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > end) throw notYet;
                Thread.sleep(100);
            }
        }
    }
}
