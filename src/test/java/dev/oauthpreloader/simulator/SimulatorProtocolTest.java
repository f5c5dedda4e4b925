package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oauthpreloader.support.Page;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone simulator checked the way a real provider checks its clients, one rule at a time. */
class SimulatorProtocolTest {

    static RunningSimulator simulator;
    OAuthSteps client;

    @BeforeAll
    static void start() {
        simulator = RunningSimulator.start(OAuthSteps.ENV);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void newClient() {
        client = new OAuthSteps(simulator);
        simulator.clearProfile();
    }

    @Test
    void discovery_names_the_issuer_its_endpoints_s256_only_and_iss_on_authorization_responses() {
        JsonNode discovery = simulator.getJson("/simulator/.well-known/openid-configuration");
        assertEquals(simulator.issuer, discovery.path("issuer").asText());
        assertEquals(simulator.issuer + "/token", discovery.path("token_endpoint").asText());
        assertEquals(simulator.issuer + "/jwks", discovery.path("jwks_uri").asText());
        assertEquals("[\"S256\"]", discovery.path("code_challenge_methods_supported").toString());
        assertTrue(discovery.path("authorization_response_iss_parameter_supported").asBoolean());
        assertEquals("[\"client_secret_basic\",\"client_secret_post\"]", discovery.path("token_endpoint_auth_methods_supported").toString());
    }

    @Test
    void a_careful_client_gets_state_and_iss_back_and_an_rs256_id_token_with_every_claim_that_verifies() throws Exception {
        Page redirect = client.authorize(client.authorizeParameters());
        assertEquals(302, redirect.status());
        assertTrue(redirect.location().startsWith(OAuthSteps.REDIRECT + "?code="), redirect.location());
        assertEquals(client.state, redirect.locationParams().get("state"));
        assertEquals(simulator.issuer, redirect.locationParams().get("iss"));
        HttpResponse<String> token = client.token(client.tokenParameters(redirect.locationParams().get("code")));
        assertEquals(200, token.statusCode(), token.body());
        assertEquals("no-store", token.headers().firstValue("Cache-Control").orElse(""));
        JsonNode tokens = RunningSimulator.read(token.body());
        JsonNode claims = client.verifiedClaims(tokens.path("id_token").asText());
        assertEquals(simulator.issuer, claims.path("iss").asText());
        assertEquals("sim-alice", claims.path("sub").asText());
        assertEquals(OAuthSteps.CLIENT, claims.path("aud").asText());
        assertEquals(client.nonce, claims.path("nonce").asText());
        assertTrue(claims.path("email_verified").asBoolean());
        long now = simulator.clock.millis() / 1000;
        assertTrue(Math.abs(claims.path("iat").asLong() - now) < 60 && claims.path("exp").asLong() > now + 600, claims.toString());
        JsonNode person = RunningSimulator.read(client.userinfo(tokens.path("access_token").asText()).body());
        assertEquals("sim-alice", person.path("sub").asText());
        assertEquals("alice@simulator.invalid", person.path("email").asText());
    }

    @Test
    void client_secret_post_authenticates_as_well_as_basic_and_each_is_counted() {
        long post = simulator.right("client_secret_post");
        long basic = simulator.right("client_secret_basic");
        assertEquals(200, client.tokenPost(client.tokenParameters(client.code())).statusCode());
        OAuthSteps other = new OAuthSteps(simulator);
        assertEquals(200, other.token(other.tokenParameters(other.code())).statusCode());
        assertEquals(post + 1, simulator.right("client_secret_post"));
        assertEquals(basic + 1, simulator.right("client_secret_basic"));
    }

    @Test
    void an_unknown_client_gets_a_page_at_authorize_and_401_invalid_client_at_token() {
        long unknown = simulator.wrong("unknown_client");
        Map<String, String> p = client.authorizeParameters();
        p.put("client_id", "nobody");
        Page page = client.authorize(p);
        assertEquals(400, page.status());
        assertNull(page.header("Location"));
        assertTrue(page.body().contains("does not know the client"), page.body());
        HttpResponse<String> token = client.token(client.tokenParameters("any-code"), "nobody", "x");
        assertEquals(401, token.statusCode());
        assertEquals("invalid_client", RunningSimulator.read(token.body()).path("error").asText());
        assertEquals(unknown + 2, simulator.wrong("unknown_client"));
    }

    @Test
    void a_wrong_secret_gets_401_invalid_client_and_the_code_stays_unspent() {
        long bad = simulator.wrong("bad_client_auth");
        String code = client.code();
        HttpResponse<String> wrong = client.token(client.tokenParameters(code), OAuthSteps.CLIENT, "guess");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals("invalid_client", RunningSimulator.read(wrong.body()).path("error").asText());
        assertEquals(bad + 1, simulator.wrong("bad_client_auth"));
        assertEquals(200, client.token(client.tokenParameters(code)).statusCode());
    }

    @Test
    void an_unregistered_redirect_uri_gets_a_page_and_never_a_redirect() {
        long mismatches = simulator.wrong("redirect_uri_mismatch");
        Map<String, String> p = client.authorizeParameters();
        p.put("redirect_uri", "https://evil.example/cb");
        Page page = client.authorize(p);
        assertEquals(400, page.status());
        assertNull(page.header("Location"));
        assertTrue(page.body().contains("not registered"), page.body());
        p.put("redirect_uri", OAuthSteps.REDIRECT + "/");
        assertEquals(400, client.authorize(p).status(), "compared exactly: a trailing slash is another URI");
        assertEquals(mismatches + 2, simulator.wrong("redirect_uri_mismatch"));
    }

    @Test
    void a_token_request_with_another_redirect_uri_than_the_authorization_s_is_invalid_grant() {
        long mismatches = simulator.wrong("redirect_uri_mismatch");
        Map<String, String> token = client.tokenParameters(client.code());
        token.put("redirect_uri", "http://localhost:9/other");
        assertInvalidGrant(client.token(token));
        assertEquals(mismatches + 1, simulator.wrong("redirect_uri_mismatch"));
    }

    @Test
    void a_replayed_code_is_refused_and_revokes_the_tokens_it_bought() {
        long replays = simulator.wrong("code_replay");
        String code = client.code();
        JsonNode first = RunningSimulator.read(client.token(client.tokenParameters(code)).body());
        String accessToken = first.path("access_token").asText();
        assertEquals(200, client.userinfo(accessToken).statusCode());
        assertInvalidGrant(client.token(client.tokenParameters(code)));
        assertEquals(replays + 1, simulator.wrong("code_replay"));
        assertEquals(401, client.userinfo(accessToken).statusCode(), "the leaked code's access token is revoked");
    }

    @Test
    void a_code_older_than_a_minute_has_expired() {
        long expired = simulator.wrong("expired_code");
        String code = client.code();
        simulator.clock.advance(Duration.ofSeconds(61));
        assertInvalidGrant(client.token(client.tokenParameters(code)));
        assertEquals(expired + 1, simulator.wrong("expired_code"));
    }

    @Test
    void a_wrong_or_missing_pkce_verifier_is_invalid_grant_and_counted_apart() {
        long wrong = simulator.wrong("wrong_pkce_verifier");
        long missing = simulator.wrong("missing_pkce_verifier");
        Map<String, String> token = client.tokenParameters(client.code());
        token.put("code_verifier", "x".repeat(43));
        assertInvalidGrant(client.token(token));
        token.remove("code_verifier");
        assertInvalidGrant(client.token(token));
        assertEquals(wrong + 1, simulator.wrong("wrong_pkce_verifier"));
        assertEquals(missing + 1, simulator.wrong("missing_pkce_verifier"));
    }

    @Test
    void plain_or_missing_pkce_is_refused_back_to_the_client_with_its_state() {
        long plain = simulator.wrong("plain_pkce");
        long missing = simulator.wrong("missing_pkce");
        Map<String, String> p = client.authorizeParameters();
        p.put("code_challenge_method", "plain");
        Page refused = client.authorize(p);
        assertEquals(302, refused.status());
        assertEquals("invalid_request", refused.locationParams().get("error"));
        assertEquals(client.state, refused.locationParams().get("state"));
        assertTrue(refused.locationParams().get("error_description").contains("plain is refused"));
        p.remove("code_challenge");
        p.remove("code_challenge_method");
        assertEquals("invalid_request", client.authorize(p).locationParams().get("error"));
        assertEquals(plain + 1, simulator.wrong("plain_pkce"));
        assertEquals(missing + 1, simulator.wrong("missing_pkce"));
    }

    @Test
    void a_login_without_state_or_nonce_still_works_but_both_are_counted() {
        long state = simulator.wrong("missing_state");
        long nonce = simulator.wrong("missing_nonce");
        Map<String, String> p = client.authorizeParameters();
        p.remove("state");
        p.remove("nonce");
        Page redirect = client.authorize(p);
        assertEquals(302, redirect.status());
        assertFalse(redirect.location().contains("state="));
        assertEquals(state + 1, simulator.wrong("missing_state"));
        assertEquals(nonce + 1, simulator.wrong("missing_nonce"));
    }

    @ParameterizedTest(name = "{0} is refused on a page")
    @CsvSource(delimiter = '|', value = {
            "outcome=explode|outcome must be one of",
            "delay=-1|delay must be",
            "delay=31000|delay must be at most 30000",
            "user=Robert');--|user must be"})
    void a_bad_per_login_choice_gets_a_400_page_that_says_what_is_wrong(String choice, String message) {
        Map<String, String> p = client.authorizeParameters();
        String[] kv = choice.split("=", 2);
        p.put(kv[0], kv[1]);
        Page page = client.authorize(p);
        assertEquals(400, page.status());
        assertNull(page.header("Location"));
        assertTrue(page.body().contains(message), page.body());
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "{\"faults\": {\"explode\": 0.5}}|faults.explode is not a fault",
            "{\"faults\": {\"token_error\": 1.5}}|must be a rate from 0 to 1",
            "{\"faults\": {\"token_error\": 0.6, \"hang\": 0.6}}|add up to more than 1",
            "{\"latency\": {\"token\": 999999}}|from 0 to 30000",
            "{\"latency\": {\"token\": {\"median_ms\": 500, \"p99_ms\": 100}}}|median_ms <= p99_ms",
            "{\"latency\": {\"login\": 5}}|not an endpoint",
            "not json|must be a JSON object"})
    void a_bad_profile_gets_400_invalid_request_and_changes_nothing(String json, String message) {
        assertEquals(200, simulator.setProfile("{\"latency\": {\"jwks\": 1}}").statusCode());
        HttpResponse<String> refused = simulator.setProfile(json);
        assertEquals(400, refused.statusCode());
        JsonNode error = RunningSimulator.read(refused.body());
        assertEquals("invalid_request", error.path("error").asText());
        assertTrue(error.path("error_description").asText().contains(message), refused.body());
        assertEquals(1, simulator.getJson("/simulator/profile").path("latency").path("jwks").asInt());
    }

    @Test
    void other_grant_types_and_a_missing_code_get_their_own_errors() {
        Map<String, String> token = client.tokenParameters("x");
        token.put("grant_type", "password");
        HttpResponse<String> password = client.token(token);
        assertEquals(400, password.statusCode());
        assertEquals("unsupported_grant_type", RunningSimulator.read(password.body()).path("error").asText());
        token.put("grant_type", "authorization_code");
        token.remove("code");
        assertEquals("invalid_request", RunningSimulator.read(client.token(token).body()).path("error").asText());
        token.put("code", "never-issued");
        assertInvalidGrant(client.token(token));
    }

    @Test
    void the_refresh_grant_swaps_a_refresh_token_once_for_new_tokens_without_a_nonce() throws Exception {
        JsonNode first = RunningSimulator.read(client.token(client.tokenParameters(client.code())).body());
        long refreshes = simulator.right("refresh_grants");
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", first.path("refresh_token").asText());
        HttpResponse<String> answer = client.token(refresh);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode second = RunningSimulator.read(answer.body());
        assertFalse(second.path("access_token").asText().equals(first.path("access_token").asText()));
        assertEquals(200, client.userinfo(second.path("access_token").asText()).statusCode());
        assertEquals(401, client.userinfo(first.path("access_token").asText()).statusCode(), "the old access token is replaced");
        JsonNode claims = client.verifiedClaims(second.path("id_token").asText());
        assertEquals("sim-alice", claims.path("sub").asText());
        assertTrue(claims.path("nonce").isMissingNode());
        assertInvalidGrant(client.token(refresh));
        assertEquals(refreshes + 1, simulator.right("refresh_grants"));
        assertTrue(simulator.wrong("bad_refresh_token") >= 1);
    }

    @Test
    void a_bad_access_token_gets_401_invalid_token_at_userinfo() {
        long bad = simulator.wrong("bad_access_token");
        HttpResponse<String> answer = client.userinfo("forged");
        assertEquals(401, answer.statusCode());
        assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(bad + 1, simulator.wrong("bad_access_token"));
    }

    @Test
    void a_profile_s_token_latency_applies_to_every_login_and_no_thread_waits_for_it() {
        assertEquals(200, simulator.setProfile("{\"latency\": {\"token\": 400}}").statusCode());
        long start = System.nanoTime();
        assertEquals(200, client.token(client.tokenParameters(client.code())).statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 400);
    }

    @Test
    void a_profile_s_fault_rate_of_one_applies_to_every_login() {
        assertEquals(200, simulator.setProfile("{\"faults\": {\"token_error\": 1}}").statusCode());
        for (int i = 0; i < 3; i++) {
            OAuthSteps login = new OAuthSteps(simulator);
            HttpResponse<String> answer = login.token(login.tokenParameters(login.code()));
            assertEquals(500, answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        }
        simulator.clearProfile();
        assertEquals(200, client.token(client.tokenParameters(client.code())).statusCode());
    }

    @ParameterizedTest(name = "{0} latency applies to {1}")
    @CsvSource({"jwks, /simulator/jwks", "discovery, /simulator/.well-known/openid-configuration"})
    void a_profile_s_latency_applies_to_each_endpoint_it_names(String endpoint, String path) {
        assertEquals(200, simulator.setProfile("{\"latency\": {\"" + endpoint + "\": 300}}").statusCode());
        long start = System.nanoTime();
        assertEquals(200, simulator.browser().get(path).status());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
        simulator.clearProfile();
        start = System.nanoTime();
        simulator.browser().get(path);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 300);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Basic !!!not-base64|grant_type=authorization_code&code=x|invalid_client",
            "Basic bm8tY29sb24=|grant_type=authorization_code&code=x|invalid_client",
            "Bearer abc|grant_type=authorization_code&code=x|invalid_client",
            "|grant_type=authorization_code&code=x&client_id=test-app&client_secret=test-app-secret-9d21&code_verifier=%00|invalid_grant",
            "|grant_type=authorization_code&client_id=test-app|invalid_client"})
    void garbage_at_the_token_endpoint_gets_an_oauth_error_never_a_500(String authorization, String body, String error) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(simulator.baseUrl + "/simulator/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) request.header("Authorization", authorization);
        HttpResponse<String> answer = simulator.send(request);
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 401, answer.statusCode() + " " + answer.body());
        assertEquals(error, RunningSimulator.read(answer.body()).path("error").asText(), answer.body());
    }

    @Test
    void an_empty_profile_is_refused_rather_than_read_as_no_faults() {
        HttpResponse<String> answer = simulator.setProfile("");
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("DELETE restores"), answer.body());
    }

    @Test
    void the_consent_page_lets_its_form_redirect_to_the_client_s_origin_and_nowhere_else() {
        Map<String, String> p = client.authorizeParameters();
        p.remove("auto");
        Page consent = client.authorize(p);
        assertEquals(200, consent.status());
        assertTrue(consent.header("Content-Security-Policy").contains("form-action 'self' http://localhost:9;"),
                consent.header("Content-Security-Policy"));
        assertTrue(consent.body().contains("<strong>test-app</strong> wants to know who you are"));
    }

    @Test
    void a_profile_with_auto_decides_every_authorization_at_once_without_the_consent_page() {
        Map<String, String> p = client.authorizeParameters();
        p.remove("auto");
        assertEquals(200, client.authorize(p).status(), "the consent page");
        assertEquals(200, simulator.setProfile("{\"auto\": true}").statusCode());
        Page redirect = client.authorize(p);
        assertEquals(302, redirect.status());
        assertTrue(redirect.locationParams().containsKey("code"));
    }

    @Test
    void rate_limited_answers_429_with_retry_after() {
        Map<String, String> p = client.authorizeParameters();
        p.put("outcome", "rate_limited");
        String code = client.authorize(p).locationParams().get("code");
        HttpResponse<String> answer = client.token(client.tokenParameters(code));
        assertEquals(429, answer.statusCode());
        assertEquals("30", answer.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void reset_closes_the_connection_without_any_answer() {
        Map<String, String> p = client.authorizeParameters();
        p.put("outcome", "reset");
        String code = client.authorize(p).locationParams().get("code");
        var failure = assertThrows(java.io.UncheckedIOException.class, () -> client.token(client.tokenParameters(code)));
        assertTrue(failure.getCause() instanceof java.io.IOException, failure.toString());
    }

    @Test
    void a_rotated_key_stays_in_the_jwks_for_its_grace_period_while_new_tokens_use_the_new_kid() throws Exception {
        String before = OAuthSteps.kid(RunningSimulator.read(client.token(client.tokenParameters(client.code())).body())
                .path("id_token").asText());
        JsonNode rotated = RunningSimulator.read(simulator.post("/simulator/keys/rotate").body());
        assertEquals(before, rotated.path("previous_kid").asText());
        String kid = rotated.path("kid").asText();
        assertFalse(kid.equals(before));
        JsonNode keys = simulator.getJson("/simulator/jwks").path("keys");
        assertEquals(2, keys.size(), keys.toString());
        OAuthSteps next = new OAuthSteps(simulator);
        String idToken = RunningSimulator.read(next.token(next.tokenParameters(next.code())).body()).path("id_token").asText();
        assertEquals(kid, OAuthSteps.kid(idToken));
        next.verifiedClaims(idToken);
        simulator.clock.advance(Duration.ofSeconds(3601));
        JsonNode after = simulator.getJson("/simulator/jwks").path("keys");
        assertEquals(1, after.size());
        assertEquals(kid, after.get(0).path("kid").asText());
    }

    @Test
    void grants_expire_and_are_cleaned_up() {
        String code = client.code();
        assertTrue(simulator.routes.cleanUpNow() >= 0);
        int before = simulator.routes.grantCount();
        simulator.clock.advance(Duration.ofSeconds(61));
        assertTrue(simulator.routes.cleanUpNow() >= 1);
        assertTrue(simulator.routes.grantCount() < before);
        assertInvalidGrant(client.token(client.tokenParameters(code)));
    }

    @Test
    void the_stats_count_jwks_and_discovery_fetches_and_reset_to_zero() {
        long jwks = simulator.requests("jwks_fetches");
        simulator.getJson("/simulator/jwks");
        simulator.getJson("/simulator/.well-known/openid-configuration");
        assertEquals(jwks + 1, simulator.requests("jwks_fetches"));
        assertEquals(204, simulator.post("/simulator/stats/reset").statusCode());
        assertEquals(0, simulator.requests("jwks_fetches"));
        assertEquals(0, simulator.requests("discovery_fetches"));
    }

    private static void assertInvalidGrant(HttpResponse<String> answer) {
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("invalid_grant", RunningSimulator.read(answer.body()).path("error").asText(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }
}
