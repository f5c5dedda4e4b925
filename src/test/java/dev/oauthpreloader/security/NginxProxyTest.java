package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oauthpreloader.support.RunningService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's nginx example, run for real: with TRUSTED_PROXY naming nginx and nginx setting
 * X-Forwarded-For, two people behind the proxy have a limit each, and one of them writing her own
 * X-Forwarded-For changes nothing.
 */
class NginxProxyTest {

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
        dev.oauthpreloader.support.Nginx.assumeInstalled();
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "1", "TRUSTED_PROXY", "127.0.0.1",
                     "BASE_URL", "http://login.example.com", "SIMULATOR_ENABLED", "true"));
             Nginx nginx = Nginx.start(URI.create(service.baseUrl).getAuthority())) {
            assertEquals(302, nginx.get("127.0.0.2", "/login/simulator", null));
            assertEquals(429, nginx.get("127.0.0.2", "/login/simulator", null), "the same person again");
            assertEquals(302, nginx.get("127.0.0.3", "/login/simulator", null), "another person behind the same proxy");
            assertEquals(429, nginx.get("127.0.0.2", "/login/simulator", "198.51.100.99"), "a forged X-Forwarded-For is not a new person");
        }
    }

    /** The docs' location block behind a real nginx. */
    record Nginx(dev.oauthpreloader.support.Nginx server) implements AutoCloseable {

        static Nginx start(String upstream) throws IOException, InterruptedException {
            return new Nginx(dev.oauthpreloader.support.Nginx.start("""
                    server {
                        listen 127.0.0.1:%%PORT%%;
                    %s
                    }
                    """.formatted(LOCATION.formatted(upstream).indent(4))));
        }

        /** GET through nginx from local address {@code from} (a person), optionally with her own X-Forwarded-For. */
        int get(String from, String path, String forwardedFor) throws IOException {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
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
            server.close();
        }
    }
}
