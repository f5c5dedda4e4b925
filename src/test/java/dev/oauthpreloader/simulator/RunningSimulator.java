package dev.oauthpreloader.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.RunningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A standalone simulator on a free port with its own database, started in-process, as a test's provider. */
final class RunningSimulator implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final String baseUrl;
    final String issuer;
    final Path directory;
    final MovableClock clock = new MovableClock();
    final SimulatorRoutes routes;
    private final io.javalin.Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningSimulator(Map<String, String> env) {
        try {
            directory = Files.createTempDirectory("simulator-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = RunningService.freePort();
        Map<String, String> all = new HashMap<>();
        all.put("SIMULATOR_PORT", String.valueOf(port));
        all.put("SIMULATOR_DATABASE_URL", RunningService.testDatabaseUrl(directory));
        all.putAll(env);
        SimulatorEnvironment environment = SimulatorEnvironment.read(all);
        StandaloneSimulator.Assembled assembled = StandaloneSimulator.assemble(environment, clock);
        this.app = assembled.app().start(port);
        this.routes = assembled.routes();
        this.baseUrl = "http://localhost:" + port;
        this.issuer = environment.settings().issuer();
    }

    static RunningSimulator start(Map<String, String> env) {
        return new RunningSimulator(env);
    }

    Browser browser() {
        return Browser.at(baseUrl);
    }

    JsonNode stats() {
        return getJson("/simulator/stats");
    }

    long wrong(String name) {
        return stats().path("wrong").path(name).asLong();
    }

    long right(String name) {
        return stats().path("right").path(name).asLong();
    }

    long requests(String name) {
        return stats().path("requests").path(name).asLong();
    }

    JsonNode getJson(String path) {
        return read(send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()).body());
    }

    /** PUT /simulator/profile; returns the status. */
    HttpResponse<String> setProfile(String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/simulator/profile"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    void clearProfile() {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/simulator/profile")).DELETE());
    }

    HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The system clock, plus however far a test has moved it. */
    static final class MovableClock extends Clock {
        private volatile long offsetMillis;

        void advance(Duration by) {
            offsetMillis += by.toMillis();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offsetMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
