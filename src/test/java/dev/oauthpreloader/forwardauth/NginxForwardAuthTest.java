package dev.oauthpreloader.forwardauth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.oauthpreloader.simulator.SimulatorEnvironment;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import dev.oauthpreloader.simulator.StandaloneSimulator;
import dev.oauthpreloader.support.Nginx;
import dev.oauthpreloader.support.RunningService;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reverse-proxy.md's nginx configuration, run with Debian's nginx in front of a small
 * application: a person opening the application is sent through the login, lands back on the page
 * she opened, and the application sees her email; after logout the application is locked again.
 *
 * <p>The names are the docs' own (login.example.com, app.example.com), with no DNS: the browser
 * uses nginx as its HTTP proxy for them, so each request reaches nginx with its real host name and
 * the cookie's {@code Domain=example.com} (SESSION_COOKIE_DOMAIN) is kept and sent by the rules
 * a browser follows. The provider is a standalone simulator on localhost, because the service
 * cannot resolve login.example.com to call an embedded one.
 */
class NginxForwardAuthTest {

    static final Path DOC = Path.of("docs", "reverse-proxy.md");
    static final String APP = "http://app.example.com";
    static final String LOGIN = "http://login.example.com";

    @Test
    void a_person_opening_the_application_logs_in_lands_back_on_it_and_is_locked_out_again_by_logout() throws Exception {
        Nginx.assumeInstalled();
        Path simulatorDir = Files.createTempDirectory("nginx-forward-auth-simulator");
        int simulatorPort = RunningService.freePort();
        Javalin simulator = StandaloneSimulator.create(SimulatorEnvironment.read(Map.of(
                "SIMULATOR_PORT", String.valueOf(simulatorPort),
                "SIMULATOR_DATABASE_URL", RunningService.testDatabaseUrl(simulatorDir),
                "SIMULATOR_CLIENTS", SimulatorRoutes.CLIENT_ID,
                "SIMULATOR_CLIENT_OAUTH_PRELOADER_SECRET", SimulatorRoutes.CLIENT_SECRET,
                "SIMULATOR_CLIENT_OAUTH_PRELOADER_REDIRECT_URIS", LOGIN + "/callback/simulator"))).start(simulatorPort);
        AtomicInteger appRequests = new AtomicInteger();
        HttpServer app = application(appRequests);
        try (RunningService service = RunningService.start(Map.of(
                     "BASE_URL", LOGIN,
                     "SIMULATOR_ENABLED", "true",
                     "SIMULATOR_URL", "http://localhost:" + simulatorPort + SimulatorRoutes.PATH,
                     "SESSION_COOKIE_DOMAIN", "example.com",
                     "ALLOWED_REDIRECT_HOSTS", "app.example.com",
                     "TRUSTED_PROXY", "127.0.0.1"));
             Nginx nginx = Nginx.start(documentedConfig("127.0.0.1:" + URI.create(service.baseUrl).getPort(),
                     "127.0.0.1:" + app.getAddress().getPort()))) {
            Person alice = new Person(nginx.port());
            String page = APP + "/hello?a=1&b=2";

            HttpResponse<String> locked = alice.get(page);
            assertEquals(302, locked.statusCode(), nginx.errorLog());
            assertEquals(LOGIN + "/start?rd=" + page, location(locked), "nginx's @login, rd unencoded as nginx writes it");
            assertEquals(0, appRequests.get(), "the application is never asked for a person who is not logged in");

            HttpResponse<String> start = alice.get(location(locked));
            assertEquals(302, start.statusCode(), start.body());
            String login = URI.create(LOGIN + "/").resolve(location(start)).toString();
            assertEquals(LOGIN + "/login/simulator?rd=" + URLEncoder.encode(page, StandardCharsets.UTF_8), login);

            // The simulator's consent page, answered as Alice with auto=1; then the service's redirects, to the end.
            HttpResponse<String> response = alice.get(login + "&user=alice&auto=1");
            String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("preloader_session="))
                    .findFirst().orElseThrow();
            assertTrue(cookie.contains("; Domain=example.com"), cookie);
            while (response.statusCode() == 302 && !location(response).startsWith(APP)) {
                response = alice.get(URI.create(response.uri().toString()).resolve(location(response)).toString());
                // The callback answers with the preloader page, which names its login.
                java.util.regex.Matcher preloader = java.util.regex.Pattern.compile("id=\"preloader\" data-op=\"([^\"]+)\"")
                        .matcher(response.body());
                if (response.statusCode() == 200 && preloader.find()) {
                    String op = preloader.group(1);
                    await().atMost(Duration.ofSeconds(15)).until(() -> alice.get(LOGIN + "/get-status?op=" + op + "&wait=2000")
                            .body().contains("\"ok\""));
                    response = alice.get(LOGIN + "/success?op=" + op);
                }
            }
            assertEquals(302, response.statusCode(), response.body());
            assertEquals(page, location(response), "the login ends on the page she opened, query and all");

            HttpResponse<String> upstream = alice.get(page);
            assertEquals(200, upstream.statusCode(), nginx.errorLog());
            assertTrue(upstream.body().contains("path=/hello?a=1&b=2\n"), upstream.body());
            assertTrue(upstream.body().contains("email=alice@simulator.invalid\n"), upstream.body());
            assertTrue(upstream.body().contains("verified=true\n"), upstream.body());
            assertTrue(upstream.body().contains("provider=simulator\n"), upstream.body());
            assertTrue(upstream.body().contains("name=Alice Simulated\n"), upstream.body());

            HttpResponse<String> forged = alice.get(page, Map.of("X-Auth-Request-Email", "mallory@evil.example",
                    "X-Auth-Request-Access-Token", "forged"));
            assertTrue(forged.body().contains("email=alice@simulator.invalid\n"), "nginx replaces what the browser sent: " + forged.body());
            assertTrue(forged.body().contains("token=\n"), forged.body());
            int seen = appRequests.get();
            HttpResponse<String> stranger = new Person(nginx.port()).get(page, Map.of("X-Auth-Request-Email", "alice@simulator.invalid"));
            assertEquals(302, stranger.statusCode(), "a header alone logs nobody in");
            assertEquals(seen, appRequests.get());

            HttpResponse<String> logout = alice.post(LOGIN + "/logout", "csrf=" + csrf(alice.get(LOGIN + "/").body()));
            assertEquals(302, logout.statusCode(), logout.body());
            HttpResponse<String> lockedAgain = alice.get(page);
            assertEquals(302, lockedAgain.statusCode());
            assertEquals(LOGIN + "/start?rd=" + page, location(lockedAgain));
            assertEquals(seen, appRequests.get(), "after logout the application is not asked again");
        } finally {
            app.stop(0);
            simulator.stop();
            try (var files = Files.walk(simulatorDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The nginx block between the markers of docs/reverse-proxy.md, with this run's addresses and port. */
    static String documentedConfig(String service, String application) throws IOException {
        String doc = Files.readString(DOC);
        Matcher block = Pattern.compile("<!-- nginx-forward-auth:begin -->\\s*```nginx\\n(.*?)```\\s*<!-- nginx-forward-auth:end -->",
                Pattern.DOTALL).matcher(doc);
        assertTrue(block.find(), "docs/reverse-proxy.md has the marked nginx block");
        String config = block.group(1);
        assertTrue(config.contains("listen 80;") && config.contains("127.0.0.1:7070") && config.contains("127.0.0.1:8080"), config);
        return config.replace("listen 80;", "listen 127.0.0.1:%PORT%;")
                .replace("127.0.0.1:7070", service).replace("127.0.0.1:8080", application);
    }

    /** The application: it echoes what it was asked and the X-Auth-Request-* headers it received. */
    static HttpServer application(AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            var h = exchange.getRequestHeaders();
            String body = "path=" + exchange.getRequestURI() + "\n"
                    + "user=" + value(h.getFirst("X-Auth-Request-User")) + "\n"
                    + "email=" + value(h.getFirst("X-Auth-Request-Email")) + "\n"
                    + "verified=" + value(h.getFirst("X-Auth-Request-Email-Verified")) + "\n"
                    + "name=" + value(h.getFirst("X-Auth-Request-Name")) + "\n"
                    + "provider=" + value(h.getFirst("X-Auth-Request-Provider")) + "\n"
                    + "token=" + value(h.getFirst("X-Auth-Request-Access-Token")) + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static String value(String header) {
        return header == null ? "" : header;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse(null);
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }

    /** A browser whose requests for *.example.com go through nginx, as if DNS named it; it keeps cookies. */
    static final class Person {

        private final HttpClient http;

        Person(int nginxPort) {
            InetSocketAddress nginx = new InetSocketAddress("127.0.0.1", nginxPort);
            // The JDK's default policy matches domains by RFC 2965, which refuses Domain=example.com from
            // login.example.com; browsers follow RFC 6265 (section 5.1.3), as this policy does.
            CookiePolicy browserPolicy = (uri, cookie) -> {
                String domain = cookie.getDomain().startsWith(".") ? cookie.getDomain().substring(1) : cookie.getDomain();
                String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
                return host.equals(domain.toLowerCase(java.util.Locale.ROOT)) || host.endsWith("." + domain.toLowerCase(java.util.Locale.ROOT));
            };
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, browserPolicy))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .proxy(new ProxySelector() {
                        @Override
                        public List<Proxy> select(URI uri) {
                            return uri.getHost().endsWith(".example.com") ? List.of(new Proxy(Proxy.Type.HTTP, nginx)) : List.of(Proxy.NO_PROXY);
                        }

                        @Override
                        public void connectFailed(URI uri, SocketAddress address, IOException e) {
                        }
                    }).connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpResponse<String> get(String url) {
            return get(url, Map.of());
        }

        HttpResponse<String> get(String url, Map<String, String> headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
            headers.forEach(request::header);
            return send(request);
        }

        HttpResponse<String> post(String url, String form) {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
