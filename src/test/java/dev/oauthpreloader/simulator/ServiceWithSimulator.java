package dev.oauthpreloader.simulator;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oauthpreloader.App;
import dev.oauthpreloader.Config;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The service, configured with a generic OpenID Connect provider "local" that is a standalone
 * simulator: the recipe of docs/simulator.md, as a test fixture. Both ports are chosen first, so
 * that the simulator can register the service's exact redirect URI and is up before the service
 * reads its discovery document.
 */
final class ServiceWithSimulator implements AutoCloseable {

    static final String CLIENT_ID = "preloader";
    static final String CLIENT_SECRET = "local-simulator-secret-7f3a";
    static final int DEADLINE_SECONDS = 3;

    final RunningSimulator simulator;
    final String provider;
    final String baseUrl;
    final Jdbi db;
    private final Javalin service;
    private final Path directory;

    ServiceWithSimulator(Map<String, String> simulatorEnv) {
        this(simulatorEnv, "local");
    }

    /** @param provider "local" (generic OpenID Connect) or "google" (pac4j's GoogleOidcClient, discovery pointed here) */
    ServiceWithSimulator(Map<String, String> simulatorEnv, String provider) {
        this(simulatorEnv, provider, Map.of());
    }

    /** @param serviceEnv more of the service's variables, such as OIDC_LOCAL_LOGOUT_AT_PROVIDER */
    ServiceWithSimulator(Map<String, String> simulatorEnv, String provider, Map<String, String> serviceEnv) {
        this.provider = provider;
        int port = RunningService.freePort();
        this.baseUrl = "http://localhost:" + port;
        Map<String, String> sim = new HashMap<>(Map.of(
                "SIMULATOR_CLIENTS", CLIENT_ID,
                "SIMULATOR_CLIENT_PRELOADER_SECRET", CLIENT_SECRET,
                "SIMULATOR_CLIENT_PRELOADER_REDIRECT_URIS", baseUrl + "/callback/" + provider,
                // A hang must outlast the service's patience to be a hang.
                "SIMULATOR_MAX_WAIT_SECONDS", String.valueOf(DEADLINE_SECONDS + 2)));
        sim.putAll(simulatorEnv);
        this.simulator = RunningSimulator.start(sim);
        try {
            directory = Files.createTempDirectory("service-with-simulator");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("DATABASE_URL", RunningService.testDatabaseUrl(directory));
        env.put("LOGIN_RATE_LIMIT", "0");
        env.put("STATUS_RATE_LIMIT", "0");
        env.put("LOGIN_DEADLINE_SECONDS", String.valueOf(DEADLINE_SECONDS));
        env.put("SIMULATOR_ENABLED", "false");
        RunningService.addTestTokenKeys(env);
        if (provider.equals("google")) {
            env.put("GOOGLE_CLIENT_ID", CLIENT_ID);
            env.put("GOOGLE_CLIENT_SECRET", CLIENT_SECRET);
            env.put("GOOGLE_DISCOVERY_URL", simulator.issuer + "/.well-known/openid-configuration");
        } else {
            env.put("OIDC_PROVIDERS", "local");
            env.put("OIDC_LOCAL_ISSUER", simulator.issuer);
            env.put("OIDC_LOCAL_CLIENT_ID", CLIENT_ID);
            env.put("OIDC_LOCAL_CLIENT_SECRET", CLIENT_SECRET);
            env.put("OIDC_LOCAL_TRUST_EMAIL", "true"); // the tests read what the simulator said about the address
        }
        env.putAll(serviceEnv);
        Config config = Config.fromEnvironment(env);
        this.service = App.create(config).start(port);
        this.db = Jdbi.create(config.server().databaseUrl());
    }

    Browser browser() {
        return Browser.at(baseUrl);
    }

    /** One login through the simulator with these per-login parameters; returns the operation's public id. */
    String login(Browser browser, String parameters) {
        Page login = browser.get("/login/" + provider);
        assertEquals(302, login.status(), login.body());
        Page authorized = simulator.browser().get(login.location() + "&auto=1&" + parameters);
        assertEquals(302, authorized.status(), authorized.body());
        Page callback = browser.get(authorized.location());
        return dev.oauthpreloader.support.LoginDriver.operationId(callback);
    }

    /** Logs in and waits for the outcome: "ok", or the failure reason. */
    String outcome(String parameters) {
        Browser browser = browser();
        String op = login(browser, parameters);
        Page finished = awaitFinished(browser, op, (DEADLINE_SECONDS + 5) * 1000L);
        String status = db.withHandle(h -> h.createQuery("""
                SELECT s.code FROM async_operation o JOIN async_operation_status s ON s.id = o.async_operation_status_id
                WHERE o.public_id = :id""").bind("id", op).mapTo(String.class).one());
        if (status.equals("ok")) return "ok";
        assertEquals("error", status, finished.body());
        return db.withHandle(h -> h.createQuery("SELECT error_reason FROM async_operation WHERE public_id = :id")
                .bind("id", op).mapTo(String.class).one());
    }

    @Override
    public void close() {
        service.stop();
        simulator.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    static String path(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
