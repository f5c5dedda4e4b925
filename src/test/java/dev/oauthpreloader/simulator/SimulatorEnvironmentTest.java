package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone simulator's settings: working defaults, and one clear line for each mistake. */
class SimulatorEnvironmentTest {

    @Test
    void with_no_settings_it_serves_the_local_recipe_s_demo_client_on_port_7071() {
        SimulatorEnvironment env = SimulatorEnvironment.read(Map.of());
        assertEquals(7071, env.port());
        assertEquals("jdbc:sqlite:data/simulator.db", env.databaseUrl());
        assertEquals("http://localhost:7071/simulator", env.settings().issuer());
        assertEquals(List.of(new RegisteredClient("oauth-preloader", "simulator-demo-secret", List.of("http://localhost:7070/callback/local",
                        "http://localhost:7070/callback/simulator"))),
                env.settings().clients());
        assertFalse(env.settings().acceptAnyClient());
        assertEquals(Duration.ofSeconds(30), env.settings().maxDelay());
        assertNull(env.settings().keyFile());
    }

    @Test
    void clients_are_registered_by_id_with_their_secret_and_exact_redirect_uris() {
        SimulatorEnvironment env = SimulatorEnvironment.read(Map.of(
                "SIMULATOR_CLIENTS", "shop, my.app",
                "SIMULATOR_CLIENT_SHOP_SECRET", "s1", "SIMULATOR_CLIENT_SHOP_REDIRECT_URIS", "https://shop.test/cb",
                "SIMULATOR_CLIENT_MY_APP_SECRET", "s2",
                "SIMULATOR_CLIENT_MY_APP_REDIRECT_URIS", "http://localhost:3000/cb, http://127.0.0.1:3000/cb",
                "SIMULATOR_BASE_URL", "https://idp.test/", "SIMULATOR_PROFILE", "{\"latency\": {\"token\": 250}}"));
        assertEquals("https://idp.test/simulator", env.settings().issuer());
        assertEquals(List.of("http://localhost:3000/cb", "http://127.0.0.1:3000/cb"), env.settings().client("my.app").orElseThrow().redirectUris());
        assertEquals(250, env.settings().profile().latencyOf(Endpoint.TOKEN).medianMs());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SIMULATOR_PORT|70000|SIMULATOR_PORT must be a whole number from 0 to 65535 (got '70000')",
            "SIMULATOR_DATABASE_URL|mysql://x|SIMULATOR_DATABASE_URL must be a JDBC URL",
            "SIMULATOR_BASE_URL|ftp://x|SIMULATOR_BASE_URL must be an http:// or https:// URL",
            "SIMULATOR_ACCEPT_ANY_CLIENT|maybe|SIMULATOR_ACCEPT_ANY_CLIENT must be true or false",
            "SIMULATOR_MAX_WAIT_SECONDS|0|SIMULATOR_MAX_WAIT_SECONDS must be a whole number from 1 to 600",
            "SIMULATOR_PROFILE|{\"faults\": {\"boom\": 1}}|SIMULATOR_PROFILE faults.boom is not a fault",
            "SIMULATOR_KEY_GRACE_SECONDS|-1|SIMULATOR_KEY_GRACE_SECONDS must be a whole number",
            "SIMULATOR_CLIENTS|bad id!|SIMULATOR_CLIENTS must list distinct client ids",
            "SIMULATOR_CLIENTS|app|SIMULATOR_CLIENT_APP_SECRET must be set"})
    void a_bad_value_is_one_line_naming_the_variable(String name, String value, String message) {
        var e = assertThrows(SimulatorEnvironment.SettingsException.class, () -> SimulatorEnvironment.read(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void a_client_without_redirect_uris_is_refused_and_its_secret_is_never_echoed() {
        var e = assertThrows(SimulatorEnvironment.SettingsException.class, () -> SimulatorEnvironment.read(Map.of(
                "SIMULATOR_CLIENTS", "app", "SIMULATOR_CLIENT_APP_SECRET", "hunter2", "SIMULATOR_CLIENT_APP_REDIRECT_URIS", "not a uri#x")));
        assertTrue(e.getMessage().startsWith("SIMULATOR_CLIENT_APP_REDIRECT_URIS must be"), e.getMessage());
        var secret = assertThrows(SimulatorEnvironment.SettingsException.class, () -> SimulatorEnvironment.read(Map.of(
                "SIMULATOR_CLIENTS", "app", "SIMULATOR_CLIENT_APP_SECRET", " ")));
        assertFalse(secret.getMessage().contains("got"), secret.getMessage());
    }

    @Test
    void a_key_file_is_written_on_first_start_read_on_the_next_and_a_broken_one_is_refused(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("keys/signing.pem");
        var clock = java.time.Clock.systemUTC();
        String kid = SigningKeys.fromFile(file, clock, 1000).current().kid();
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(kid, SigningKeys.fromFile(file, clock, 1000).current().kid(), "the same key, so the same kid, after a restart");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        var e = assertThrows(SimulatorEnvironment.SettingsException.class,
                () -> SimulatorEnvironment.read(Map.of("SIMULATOR_KEY_FILE", file.toString())));
        assertTrue(e.getMessage().startsWith("SIMULATOR_KEY_FILE must hold an RSA private key"), e.getMessage());
    }
}
