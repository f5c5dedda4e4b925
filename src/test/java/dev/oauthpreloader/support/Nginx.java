package dev.oauthpreloader.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/** Debian's nginx on a free loopback port, in a directory of its own, stopped by the test that started it. */
public record Nginx(Process process, int port, Path dir) implements AutoCloseable {

    /** Debian's, where .ci/run installs it; NGINX_BINARY may name another copy (one unpacked with dpkg -x, say). */
    public static final File BINARY = new File(System.getenv().getOrDefault("NGINX_BINARY", "/usr/sbin/nginx"));

    /** Skips the test where nginx is not installed, and fails it on CI, where .ci/run installs it. */
    public static void assumeInstalled() {
        if (!BINARY.canExecute()) {
            if ("true".equals(System.getenv("CI"))) fail("nginx is not installed (apt-get install nginx)");
            assumeTrue(false, "nginx is not installed");
        }
    }

    /**
     * Starts nginx with {@code servers} (server blocks, or a location block's surroundings) inside its
     * http block; {@code %PORT%} in them stands for the port it listens on.
     */
    public static Nginx start(String servers) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("nginx-test");
        int port = RunningService.freePort();
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(dir, servers.replace("%PORT%", String.valueOf(port)).indent(4)));
        Process process = new ProcessBuilder(BINARY.getPath(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        Nginx nginx = new Nginx(process, port, dir);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                if (!process.isAlive()) break;
                Thread.sleep(50);
            }
        }
        String out = Files.readString(dir.resolve("out.log"));
        nginx.close();
        throw new IllegalStateException("nginx did not start: " + out);
    }

    /** What nginx logged as errors, for a failing assertion's message. */
    public String errorLog() {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no error.log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
