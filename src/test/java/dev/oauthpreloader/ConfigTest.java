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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
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
            "OAUTH2_PROVIDERS, Bad Name",
            "OAUTH2_PROVIDERS, github",
            "OIDC_PROVIDERS, google"})
    void a_bad_value_is_reported_by_the_variables_name(String name, String value) {
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.fromEnvironment(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void real_providers_are_off_until_their_credentials_are_set() {
        Config config = Config.fromEnvironment(Map.of());
        assertEquals(List.of(), config.oidcProviders());
        assertEquals(null, config.github());
        assertEquals(null, config.facebook());
        assertEquals(null, config.twitter());
    }

    @Test
    void a_client_id_without_its_secret_names_the_missing_variable() {
        Config.ConfigException e = assertThrows(Config.ConfigException.class,
                () -> Config.fromEnvironment(Map.of("GITHUB_CLIENT_ID", "abc")));
        assertTrue(e.getMessage().startsWith("GITHUB_CLIENT_SECRET must be set"), e.getMessage());
    }

    @Test
    void google_defaults_to_googles_discovery_document() {
        Config config = Config.fromEnvironment(Map.of("GOOGLE_CLIENT_ID", "id", "GOOGLE_CLIENT_SECRET", "secret"));
        assertEquals("https://accounts.google.com/.well-known/openid-configuration", config.oidcProviders().get(0).discoveryUrl());
    }

    @Test
    void a_generic_oidc_provider_needs_its_issuer_or_its_discovery_url_but_not_both() {
        Map<String, String> both = Map.of("OIDC_PROVIDERS", "corp", "OIDC_CORP_CLIENT_ID", "id", "OIDC_CORP_CLIENT_SECRET", "s",
                "OIDC_CORP_ISSUER", "https://id.example.com", "OIDC_CORP_DISCOVERY_URL", "https://id.example.com/.well-known/openid-configuration");
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.fromEnvironment(both));
        assertTrue(e.getMessage().startsWith("OIDC_CORP_ISSUER or OIDC_CORP_DISCOVERY_URL must be set"), e.getMessage());
        Config byIssuer = Config.fromEnvironment(Map.of("OIDC_PROVIDERS", "corp", "OIDC_CORP_CLIENT_ID", "id",
                "OIDC_CORP_CLIENT_SECRET", "s", "OIDC_CORP_ISSUER", "https://id.example.com/realms/a/"));
        assertEquals("https://id.example.com/realms/a/.well-known/openid-configuration", byIssuer.oidcProviders().get(0).discoveryUrl());
        assertEquals("https://id.example.com/realms/a/", byIssuer.oidcProviders().get(0).expectedIssuer());
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
