package dev.oauthpreloader.support;

import dev.oauthpreloader.App;
import dev.oauthpreloader.Config;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/** The real service on a free port, with its own SQLite file, as a test's subject. */
public final class RunningService implements ServiceUnderTest, AutoCloseable {

    public final String baseUrl;
    public final Path directory;
    private final Javalin app;
    private final Jdbi jdbi;

    private RunningService(Map<String, String> env) {
        try {
            this.directory = Files.createTempDirectory("oauth-preloader-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        this.baseUrl = "http://localhost:" + port;
        Map<String, String> all = new HashMap<>();
        all.put("PORT", String.valueOf(port));
        all.put("DATABASE_URL", testDatabaseUrl(directory));
        // Suites run hundreds of logins from 127.0.0.1: limits are off unless a test sets its own.
        all.put("LOGIN_RATE_LIMIT", "0");
        all.put("STATUS_RATE_LIMIT", "0");
        all.putAll(env);
        addTestTokenKeys(all);
        this.app = App.create(Config.fromEnvironment(all)).start(port);
        this.jdbi = Jdbi.create(all.get("DATABASE_URL"));
    }

    public static RunningService start() {
        return new RunningService(Map.of());
    }

    public static RunningService start(Map<String, String> env) {
        return new RunningService(env);
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Jdbi db() {
        return jdbi;
    }

    public void stop() {
        app.stop();
    }

    @Override
    public void close() {
        app.stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    /** A fresh database of the engine this test run is for: a SQLite file, or a PostgreSQL database. */
    public static String testDatabaseUrl(Path directory) {
        return PostgresServer.selected() ? PostgresServer.shared().newDatabase() : "jdbc:sqlite:" + directory.resolve("test.db");
    }

    /** The sealing key of tests on a shared database, where the service makes no key file of its own. */
    public static final String TEST_TOKEN_KEYS = "test1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    /** PostgreSQL needs TOKEN_KEYS (each node must use the same): tests that do not set their own get the test key. */
    public static void addTestTokenKeys(Map<String, String> env) {
        if (env.getOrDefault("DATABASE_URL", "").startsWith("jdbc:postgresql:")) env.putIfAbsent("TOKEN_KEYS", TEST_TOKEN_KEYS);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
