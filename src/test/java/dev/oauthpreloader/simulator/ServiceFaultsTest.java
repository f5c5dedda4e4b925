package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void an_unverified_email_still_logs_in_but_the_identity_keeps_its_email_unverified() {
        assertEquals("ok", world.outcome("user=carol&outcome=unverified_email"));
        assertEquals(1, (int) world.db.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM identity WHERE provider = 'local' AND provider_user_id = 'sim-carol'
                AND email_verified = FALSE""").mapTo(Integer.class).one()));
    }
}
