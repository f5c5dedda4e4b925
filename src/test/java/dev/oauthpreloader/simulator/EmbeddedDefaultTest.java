package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator logs anyone in as anyone: on by itself only where nobody else can reach the service. */
class EmbeddedDefaultTest {

    @ParameterizedTest(name = "on for {0}")
    @ValueSource(strings = {"http://localhost:7070", "http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:7070"})
    void the_embedded_simulator_is_on_by_default_for_a_loopback_base_url(String baseUrl) {
        assertTrue(Config.fromEnvironment(Map.of("BASE_URL", baseUrl)).providers().simulatorEnabled());
    }

    @ParameterizedTest(name = "off for {0}")
    @ValueSource(strings = {"https://login.example.com", "http://10.0.0.5:7070", "http://192.168.1.2", "http://localhost.example.com",
            "http://127.0.0.1.nip.io", "http://[::2]"})
    void the_embedded_simulator_is_off_by_default_for_any_other_base_url(String baseUrl) {
        assertFalse(Config.fromEnvironment(Map.of("BASE_URL", baseUrl)).providers().simulatorEnabled());
    }

    @Test
    void a_service_at_a_public_address_offers_no_simulator_and_answers_404_for_its_routes() {
        try (RunningService service = RunningService.start(Map.of("BASE_URL", "https://login.example.com"))) {
            // Asked as its public host, so the check that sends other hosts to BASE_URL lets them through.
            assertFalse(onPublicHost(service, "/").contains("/login/simulator"));
            assertTrue(onPublicHost(service, "/login/simulator").startsWith("HTTP/1.1 404"));
            assertTrue(onPublicHost(service, "/simulator/.well-known/openid-configuration").startsWith("HTTP/1.1 404"));
        }
    }

    @Test
    void enabling_it_at_a_public_address_works_but_logs_a_warning_that_anyone_can_log_in_as_anyone() {
        try (CapturedLog log = new CapturedLog();
             RunningService service = RunningService.start(Map.of("BASE_URL", "https://login.example.com", "SIMULATOR_ENABLED", "true"))) {
            assertTrue(log.text().contains("anyone who reaches it can log in as anyone"), log.text());
            assertEquals(200, service.newBrowser().get("/simulator/.well-known/openid-configuration").status());
        }
    }

    @Test
    void the_embedded_simulator_needs_no_credentials_and_serves_discovery_and_jwks_under_the_service() {
        try (RunningService service = RunningService.start()) {
            var browser = service.newBrowser();
            var discovery = RunningSimulator.read(browser.get("/simulator/.well-known/openid-configuration").body());
            assertEquals(service.baseUrl + "/simulator", discovery.path("issuer").asText());
            assertEquals(1, RunningSimulator.read(browser.get("/simulator/jwks").body()).path("keys").size());
        }
    }

    private static String onPublicHost(RunningService service, String path) {
        java.net.URI base = java.net.URI.create(service.baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: login.example.com\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
