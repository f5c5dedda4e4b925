package dev.oauthpreloader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * A throwaway PostgreSQL cluster from Debian's packages, started once per test JVM in a temporary
 * directory on a free port, and removed at exit. Each test service gets a database of its own.
 * Without PostgreSQL installed the tests that need it are skipped, except in CI, where they fail.
 */
public final class PostgresServer {

    private static PostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final int port;

    private PostgresServer(int port) {
        this.port = port;
    }

    /** True when the test suite runs against PostgreSQL (the second surefire execution does). */
    public static boolean selected() {
        return "postgresql".equals(System.getProperty("test.database"));
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) shared = start();
        return shared;
    }

    /** A fresh, empty database; returns its JDBC URL. */
    public String newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    private static PostgresServer start() {
        Path bin = binaries().orElseThrow(() -> unavailable("PostgreSQL is not installed"));
        try {
            Path dir = Files.createTempDirectory("oauth-preloader-pg");
            Path data = dir.resolve("data");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            int port = RunningService.freePort();
            run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "--encoding=UTF8", "--no-sync"));
            run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                    dir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=400"
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
                } catch (RuntimeException ignored) {
                    // the JVM is exiting anyway
                }
            }));
            return new PostgresServer(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> asPostgres(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        // PostgreSQL refuses to run as root: drop to the postgres user the Debian package created.
        if (root) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static RuntimeException unavailable(String why) {
        if ("true".equals(System.getenv("CI"))) return new IllegalStateException(why + " (CI must run the PostgreSQL tests)");
        return new TestAbortedException(why + ": skipping the PostgreSQL tests (apt-get install postgresql)");
    }
}
