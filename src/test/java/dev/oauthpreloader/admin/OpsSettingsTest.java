package dev.oauthpreloader.admin;

import dev.oauthpreloader.config.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ADMIN_EMAILS and METRICS_TOKEN, read and checked with the rest of the configuration. */
@Tag("unit")
class OpsSettingsTest {

    @Test
    void by_default_nobody_is_an_administrator_and_metrics_are_open() {
        OpsSettings ops = Config.fromEnvironment(Map.of()).admin();
        assertEquals(List.of(), ops.adminEmails());
        assertEquals("", ops.metricsToken());
        assertFalse(ops.isAdminEmail("alice@simulator.invalid"));
    }

    @Test
    void admin_emails_are_trimmed_lower_cased_and_compared_without_case() {
        OpsSettings ops = Config.fromEnvironment(Map.of("ADMIN_EMAILS", " Alice@Example.org ,bob@example.org,,alice@example.org")).admin();
        assertEquals(List.of("alice@example.org", "bob@example.org"), ops.adminEmails());
        assertTrue(ops.isAdminEmail("ALICE@example.ORG"));
        assertFalse(ops.isAdminEmail("carol@example.org"));
        assertFalse(ops.isAdminEmail(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice@", "@example.org", "alice@example", "a b@example.org", "alice@example.org;bob@example.org"})
    void a_malformed_admin_email_stops_start_up_naming_the_variable(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("ADMIN_EMAILS", value)));
        assertTrue(e.getMessage().startsWith("ADMIN_EMAILS must be"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "fifteen-chars-x", "has a space in the middle"})
    void a_weak_or_malformed_metrics_token_stops_start_up_naming_the_variable(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("METRICS_TOKEN", value)));
        assertTrue(e.getMessage().startsWith("METRICS_TOKEN must be"), e.getMessage());
        assertFalse(e.getMessage().contains(value), "a secret is not echoed: " + e.getMessage());
    }
}
