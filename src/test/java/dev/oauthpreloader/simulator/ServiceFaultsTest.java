package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every fault the simulator injects, and what the service's generic OpenID Connect client makes of
 * it, through the whole flow: login, the simulator's authorize with {@code outcome=}, callback, the
 * worker's exchange, the row's final reason.
 */
class ServiceFaultsTest {

    static ServiceWithSimulator world;

    @BeforeAll
    static void start() {
        world = new ServiceWithSimulator(Map.of());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void a_login_without_faults_logs_the_simulated_person_in_with_a_verified_email() {
        assertEquals("ok", world.outcome("user=ada"));
        assertEquals(1, (int) world.db.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM identity WHERE provider = 'local' AND provider_user_id = 'sim-ada'
                AND email = 'ada@simulator.invalid' AND email_verified = TRUE""").mapTo(Integer.class).one()));
    }

    @ParameterizedTest(name = "outcome={0} ends in {1}")
    @CsvSource({
            "denied, cancelled",
            "token_error, token_error",
            // pac4j-oidc reports a 429 and a malformed token response as the token endpoint failing.
            "rate_limited, token_error",
            "bad_json, token_error",
            "hang, timeout",
            // The body never completes: the deadline, not a read timeout, ends it.
            "trickle, timeout",
            "wrong_iss, invalid_id_token",
            "wrong_aud, invalid_id_token",
            "wrong_nonce, invalid_id_token",
            "expired_id_token, invalid_id_token",
            "bad_signature, invalid_id_token",
            "unknown_kid, invalid_id_token"})
    void each_fault_ends_the_login_with_the_reason_the_service_gives_it(String fault, String reason) {
        assertEquals(reason, world.outcome("user=bob&outcome=" + fault));
    }

    @Test
    void a_reset_token_connection_is_retried_by_the_service_s_http_client_which_replays_the_code() {
        long replays = world.simulator.wrong("code_replay");
        // HttpURLConnection silently resends a POST whose pooled connection was reset; the resent
        // request carries the same code, which the simulator refuses as a replay.
        assertEquals("token_error", world.outcome("user=dan&outcome=reset"));
        assertEquals(replays + 1, world.simulator.wrong("code_replay"));
    }

    @Test
    void a_failing_userinfo_endpoint_does_not_stop_the_openid_login_which_uses_the_id_token_s_claims() {
        long before = world.simulator.requests("userinfo");
        assertEquals("ok", world.outcome("user=erin&outcome=userinfo_error"));
        assertEquals(before + 1, world.simulator.requests("userinfo"), "the service asked userinfo once");
    }

    @Test
    void after_a_key_rotation_the_service_fetches_the_jwks_again_and_logins_go_on() {
        assertEquals("ok", world.outcome("user=kim"));
        long fetches = world.simulator.requests("jwks_fetches");
        assertEquals(200, world.simulator.post("/simulator/keys/rotate").statusCode());
        assertEquals("ok", world.outcome("user=kim"));
        assertEquals(fetches + 1, world.simulator.requests("jwks_fetches"), "one fetch for the new kid, not one per login");
        assertEquals("ok", world.outcome("user=kim"));
        assertEquals(fetches + 1, world.simulator.requests("jwks_fetches"));
    }

    @Test
    void a_profile_applies_to_every_login_of_the_service_without_any_per_login_parameter() {
        try {
            assertEquals(200, world.simulator.setProfile("{\"latency\": {\"token\": 600}}").statusCode());
            Browser browser = world.browser();
            long start = System.nanoTime();
            String op = world.login(browser, "user=lee");
            Page finished = awaitFinished(browser, op, 5000);
            assertTrue(finished.body().contains("\"status\":\"ok\""), finished.body());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 600, "the token endpoint took its 600 ms");
            assertEquals(200, world.simulator.setProfile("{\"faults\": {\"token_error\": 1}}").statusCode());
            assertEquals("token_error", world.outcome("user=lee"));
            assertEquals("token_error", world.outcome("user=lee"));
        } finally {
            world.simulator.clearProfile();
        }
    }

    @Test
    void the_stats_show_what_the_service_s_client_does_state_nonce_pkce_and_client_secret_basic() {
        assertEquals(204, world.simulator.post("/simulator/stats/reset").statusCode());
        assertEquals("ok", world.outcome("user=max"));
        assertEquals(1, world.simulator.right("state_sent"));
        assertEquals(1, world.simulator.right("nonce_sent"));
        assertEquals(1, world.simulator.right("pkce_s256"));
        assertEquals(1, world.simulator.right("client_secret_basic"));
        assertEquals(0, world.simulator.stats().path("wrong").properties().stream().mapToLong(e -> e.getValue().asLong()).sum(),
                world.simulator.stats().toString());
    }

    @Test
    void an_unverified_email_still_logs_in_but_the_identity_keeps_its_email_unverified() {
        assertEquals("ok", world.outcome("user=carol&outcome=unverified_email"));
        assertEquals(1, (int) world.db.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM identity WHERE provider = 'local' AND provider_user_id = 'sim-carol'
                AND email_verified = FALSE""").mapTo(Integer.class).one()));
    }
}
