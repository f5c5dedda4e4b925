package dev.oauthpreloader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @Test
    void an_empty_environment_gives_the_embedded_default() {
        Config config = Config.fromEnvironment(Map.of());
        assertEquals(7070, config.port());
        assertEquals("jdbc:sqlite:data/oauth-preloader.db", config.databaseUrl());
        assertEquals("http://localhost:7070", config.baseUrl());
        assertEquals(Duration.ofSeconds(30), config.loginDeadline());
        assertTrue(config.simulatorEnabled());
        assertEquals(List.of(), config.oauth2Providers());
    }

    @Test
    void base_url_follows_the_port_and_loses_a_trailing_slash() {
        assertEquals("http://localhost:8080", Config.fromEnvironment(Map.of("PORT", "8080")).baseUrl());
        assertEquals("https://login.example.com", Config.fromEnvironment(Map.of("BASE_URL", "https://login.example.com/")).baseUrl());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "PORT, seventy",
            "PORT, 70000",
            "DATABASE_URL, postgres://nope",
            "BASE_URL, localhost:7070",
            "BASE_URL, ftp://example.com",
            "LOGIN_DEADLINE_SECONDS, 0",
            "EXCHANGE_THREADS, -1",
            "SIMULATOR_ENABLED, maybe",
            "OAUTH2_PROVIDERS, Bad Name"})
    void a_bad_value_is_reported_by_the_variables_name(String name, String value) {
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.fromEnvironment(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void a_generic_provider_needs_its_client_id() {
        Config.ConfigException e = assertThrows(Config.ConfigException.class,
                () -> Config.fromEnvironment(Map.of("OAUTH2_PROVIDERS", "acme")));
        assertTrue(e.getMessage().startsWith("OAUTH2_ACME_CLIENT_ID must be set"), e.getMessage());
    }

    @Test
    void the_service_refuses_to_start_on_a_bad_value_with_one_line_and_no_stack_trace() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), App.class.getName());
        builder.environment().put("PORT", "not-a-port");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, process.exitValue());
        assertEquals("oauth-preloader: PORT must be a whole number from 0 to 65535 (got 'not-a-port')", output);
    }
}
