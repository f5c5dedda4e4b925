package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oauthpreloader.support.RunningService;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's nginx example, run for real: with TRUSTED_PROXY naming nginx and nginx setting
 * X-Forwarded-For, two people behind the proxy have a limit each, and one of them writing her own
 * X-Forwarded-For changes nothing.
 */
class NginxProxyTest {

    static final File NGINX = new File("/usr/sbin/nginx");

    /** The location block the docs show, with the upstream's address filled in. */
    static final String LOCATION = """
            location / {
                proxy_pass http://%s;
                proxy_set_header Host $host;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto $scheme;
                proxy_read_timeout 30s;
            }
            """;

    @Test
    void behind_the_documented_nginx_each_person_has_a_limit_of_their_own_and_cannot_forge_another() throws Exception {
        if (!NGINX.canExecute()) {
            if ("true".equals(System.getenv("CI"))) fail("nginx is not installed (apt-get install nginx)");
            assumeTrue(false, "nginx is not installed");
        }
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "1", "TRUSTED_PROXY", "127.0.0.1",
                     "BASE_URL", "http://login.example.com", "SIMULATOR_ENABLED", "true"));
             Nginx nginx = Nginx.start(URI.create(service.baseUrl).getAuthority())) {
            assertEquals(302, nginx.get("127.0.0.2", "/login/simulator", null));
            assertEquals(429, nginx.get("127.0.0.2", "/login/simulator", null), "the same person again");
            assertEquals(302, nginx.get("127.0.0.3", "/login/simulator", null), "another person behind the same proxy");
            assertEquals(429, nginx.get("127.0.0.2", "/login/simulator", "198.51.100.99"), "a forged X-Forwarded-For is not a new person");
        }
    }

    /** nginx on a free loopback port, in a directory of its own, stopped by the test that started it. */
    record Nginx(Process process, int port, Path dir) implements AutoCloseable {

        static Nginx start(String upstream) throws IOException, InterruptedException {
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
                        server {
                            listen 127.0.0.1:%2$d;
                    %3$s
                        }
                    }
                    """.formatted(dir, port, LOCATION.formatted(upstream).indent(8)));
            Process process = new ProcessBuilder(NGINX.getPath(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
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
            nginx.close();
            throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("out.log")));
        }

        /** GET through nginx from local address {@code from} (a person), optionally with her own X-Forwarded-For. */
        int get(String from, String path, String forwardedFor) throws IOException {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: login.example.com\r\nConnection: close\r\n"
                        + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n") + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                return Integer.parseInt(status.substring(9, 12));
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
