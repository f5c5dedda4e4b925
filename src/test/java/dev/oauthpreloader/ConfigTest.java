package dev.oauthpreloader;

import dev.oauthpreloader.config.ConfigException;
import dev.oauthpreloader.provider.OidcPreset;
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
        assertEquals(7070, config.server().port());
        assertEquals("jdbc:sqlite:data/oauth-preloader.db", config.server().databaseUrl());
        assertEquals("http://localhost:7070", config.server().baseUrl());
        assertEquals(Duration.ofSeconds(30), config.exchange().loginDeadline());
        assertTrue(config.providers().simulatorEnabled());
        assertEquals(List.of("simulator"), config.providers().names());
    }

    @Test
    void base_url_follows_the_port_and_loses_a_trailing_slash() {
        assertEquals("http://localhost:8080", Config.fromEnvironment(Map.of("PORT", "8080")).server().baseUrl());
        assertEquals("https://login.example.com", Config.fromEnvironment(Map.of("BASE_URL", "https://login.example.com/")).server().baseUrl());
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
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void session_cookie_domain_is_base_urls_host_or_a_parent_of_it() {
        Map<String, String> env = Map.of("BASE_URL", "https://login.example.com");
        assertEquals("example.com", server(env, ".Example.com").sessionCookieDomain());
        assertEquals("login.example.com", server(env, "login.example.com").sessionCookieDomain());
        assertEquals(null, Config.fromEnvironment(env).server().sessionCookieDomain());
    }

    @ParameterizedTest(name = "SESSION_COOKIE_DOMAIN={0} for https://login.example.com")
    @CsvSource({"other.com", "xample.com", "com", "ogin.example.com", "sub.login.example.com", "example.com/", "127.0.0.1", "exa mple.com"})
    void a_session_cookie_domain_that_does_not_contain_base_urls_host_stops_start_up_in_one_line(String domain) {
        ConfigException e = assertThrows(ConfigException.class, () -> server(Map.of("BASE_URL", "https://login.example.com"), domain));
        assertTrue(e.getMessage().startsWith("SESSION_COOKIE_DOMAIN must be BASE_URL's host (login.example.com) or a parent domain"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && e.getMessage().contains(domain), e.getMessage());
    }

    private static dev.oauthpreloader.config.ServerConfig server(Map<String, String> env, String cookieDomain) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("SESSION_COOKIE_DOMAIN", cookieDomain);
        return Config.fromEnvironment(all).server();
    }

    @Test
    void real_providers_are_off_until_their_credentials_are_set() {
        Config config = Config.fromEnvironment(Map.of());
        assertEquals(List.of("simulator"), config.providers().names());
    }

    @Test
    void the_simulator_is_on_by_default_only_while_base_url_is_a_loopback_address() {
        for (String local : List.of("http://localhost:7070", "http://127.0.0.2:8080", "http://[::1]:7070")) {
            assertTrue(Config.fromEnvironment(Map.of("BASE_URL", local)).providers().simulatorEnabled(), local);
        }
        Config deployed = Config.fromEnvironment(Map.of("BASE_URL", "https://login.example.com"));
        assertEquals(List.of(), deployed.providers().names());
        assertTrue(Config.fromEnvironment(Map.of("BASE_URL", "https://login.example.com", "SIMULATOR_ENABLED", "true"))
                .providers().simulatorEnabled());
    }

    @Test
    void a_client_id_without_its_secret_names_the_missing_variable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("GITHUB_CLIENT_ID", "abc")));
        assertTrue(e.getMessage().startsWith("GITHUB_CLIENT_SECRET must be set"), e.getMessage());
    }

    @Test
    void google_defaults_to_googles_discovery_document() {
        Config config = Config.fromEnvironment(Map.of("GOOGLE_CLIENT_ID", "id", "GOOGLE_CLIENT_SECRET", "secret"));
        assertEquals("https://accounts.google.com/.well-known/openid-configuration", oidc(config, "google").discoveryUrl());
    }

    @Test
    void a_generic_oidc_provider_needs_its_issuer_or_its_discovery_url_but_not_both() {
        Map<String, String> both = Map.of("OIDC_PROVIDERS", "corp", "OIDC_CORP_CLIENT_ID", "id", "OIDC_CORP_CLIENT_SECRET", "s",
                "OIDC_CORP_ISSUER", "https://id.example.com", "OIDC_CORP_DISCOVERY_URL", "https://id.example.com/.well-known/openid-configuration");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(both));
        assertTrue(e.getMessage().startsWith("OIDC_CORP_ISSUER or OIDC_CORP_DISCOVERY_URL must be set"), e.getMessage());
        Config byIssuer = Config.fromEnvironment(Map.of("OIDC_PROVIDERS", "corp", "OIDC_CORP_CLIENT_ID", "id",
                "OIDC_CORP_CLIENT_SECRET", "s", "OIDC_CORP_ISSUER", "https://id.example.com/realms/a/"));
        assertEquals("https://id.example.com/realms/a/.well-known/openid-configuration", oidc(byIssuer, "corp").discoveryUrl());
        assertEquals("https://id.example.com/realms/a/", oidc(byIssuer, "corp").expectedIssuer());
    }

    @Test
    void a_generic_provider_needs_its_client_id() {
        ConfigException e = assertThrows(ConfigException.class,
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

    private static OidcPreset oidc(Config config, String name) {
        return (OidcPreset) config.providers().find(name).orElseThrow();
    }
}
