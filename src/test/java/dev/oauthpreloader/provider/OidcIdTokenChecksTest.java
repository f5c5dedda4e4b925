package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the worker checks of an id_token beyond pac4j's signature, issuer, audience, expiry and nonce:
 * the signing algorithm, the authorized party among several audiences, and the userinfo's subject.
 */
class OidcIdTokenChecksTest {

    /** HS256 needs a secret of at least 256 bits. */
    static final String SECRET = "a-client-secret-of-more-than-32-bytes";
    static final String OTHER_SUB = "999999999999999999999";
    static FakeOidcProvider corp;
    static FakeOidcProvider legacy;
    static RunningService service;
    Browser browser;

    @BeforeAll
    static void start() {
        corp = new FakeOidcProvider("/realms/corp");
        legacy = new FakeOidcProvider("/realms/legacy");
        Map<String, String> env = new HashMap<>();
        env.put("OIDC_PROVIDERS", "corp,legacy");
        for (var p : Map.of("CORP", corp, "LEGACY", legacy).entrySet()) {
            p.getValue().discovery("id_token_signing_alg_values_supported", List.of("RS256", "HS256"));
            env.put("OIDC_" + p.getKey() + "_CLIENT_ID", FakeOidcProvider.CLIENT_ID);
            env.put("OIDC_" + p.getKey() + "_CLIENT_SECRET", SECRET);
            env.put("OIDC_" + p.getKey() + "_ISSUER", p.getValue().issuerUrl());
        }
        env.put("OIDC_LEGACY_ACCEPT_HS256_ID_TOKENS", "true");
        env.put("LOGIN_DEADLINE_SECONDS", "5");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        corp.close();
        legacy.close();
    }

    @BeforeEach
    void reset() {
        browser = service.newBrowser();
        for (FakeOidcProvider p : List.of(corp, legacy)) {
            p.token(nonce -> FakeOidcProvider.tokenResponse(p.idToken(nonce, c -> c)));
            p.userinfo("""
                    {"sub":"110169484474386276334","given_name":"Ada","family_name":"Lovelace","email":"ada@example.org","email_verified":true}""");
        }
    }

    @Test
    void an_rs256_id_token_from_a_provider_that_also_lists_hs256_logs_in() {
        assertEquals("ok", login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idToken(nonce, c -> c))));
    }

    @Test
    void an_hs256_id_token_signed_with_the_client_secret_is_refused_unless_configured() {
        assertRefused(login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idTokenWithSecret(nonce, SECRET, c -> c))));
    }

    @Test
    void an_hs256_id_token_signed_with_the_client_secret_logs_in_where_configured() {
        assertEquals("ok", login("legacy", legacy,
                nonce -> FakeOidcProvider.tokenResponse(legacy.idTokenWithSecret(nonce, SECRET, c -> c))));
    }

    @Test
    void a_userinfo_answer_for_another_subject_is_refused_and_lends_its_email_to_nobody() {
        corp.userinfo("""
                {"sub":"%s","given_name":"Eve","email":"eve@example.org","email_verified":true}""".formatted(OTHER_SUB));
        assertRefused(login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idToken(nonce, c -> c))));
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity WHERE email = 'eve@example.org'"));
    }

    @Test
    void a_userinfo_answer_without_a_subject_fails_the_login_and_lends_its_email_to_nobody() {
        corp.userinfo("""
                {"given_name":"Eve","email":"eve@example.org","email_verified":true}""");
        String op = login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idToken(nonce, c -> c)));
        // nimbus refuses to read a userinfo answer without sub at all: a malformed answer, not a forged one.
        assertEquals("bad_response", service.reasonOf(op));
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity WHERE email = 'eve@example.org'"));
    }

    @Test
    void an_id_token_for_several_audiences_without_azp_is_refused() {
        assertRefused(login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idToken(nonce,
                c -> c.audience(List.of(FakeOidcProvider.CLIENT_ID, "another-client")).claim("azp", null)))));
    }

    @Test
    void an_id_token_for_several_audiences_authorizing_another_party_is_refused() {
        assertRefused(login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idToken(nonce,
                c -> c.audience(List.of(FakeOidcProvider.CLIENT_ID, "another-client")).claim("azp", "another-client")))));
    }

    @Test
    void an_id_token_for_several_audiences_authorizing_us_logs_in() {
        assertEquals("ok", login("corp", corp, nonce -> FakeOidcProvider.tokenResponse(corp.idToken(nonce,
                c -> c.audience(List.of(FakeOidcProvider.CLIENT_ID, "another-client")).claim("azp", FakeOidcProvider.CLIENT_ID)))));
    }

    @Test
    void a_provider_that_also_lists_unsigned_none_still_logs_in_with_its_rs256_id_tokens() {
        try (FakeOidcProvider idp = new FakeOidcProvider("/realms/loose")) {
            idp.discovery("id_token_signing_alg_values_supported", List.of("none", "RS256"));
            try (RunningService own = RunningService.start(Map.of("OIDC_PROVIDERS", "loose",
                    "OIDC_LOOSE_CLIENT_ID", FakeOidcProvider.CLIENT_ID, "OIDC_LOOSE_CLIENT_SECRET", SECRET,
                    "OIDC_LOOSE_ISSUER", idp.issuerUrl()))) {
                Browser browser = own.newBrowser();
                Map<String, String> authorize = startLogin(browser, "loose");
                idp.expectNonce(authorize.get("nonce"));
                String op = operationId(callback(browser, "loose", "state=" + authorize.get("state") + "&code=c-1"));
                assertTrue(awaitFinished(browser, op, 8000).body().contains("\"status\":\"ok\""));
            }
        }
    }

    @Test
    void a_provider_that_signs_only_with_hs256_is_unavailable_unless_configured_and_says_why_in_the_log() {
        try (FakeOidcProvider idp = new FakeOidcProvider("/realms/hmac");
             CapturedLog log = new CapturedLog()) {
            idp.discovery("id_token_signing_alg_values_supported", List.of("HS256"));
            try (RunningService own = RunningService.start(Map.of("OIDC_PROVIDERS", "hmac",
                    "OIDC_HMAC_CLIENT_ID", FakeOidcProvider.CLIENT_ID, "OIDC_HMAC_CLIENT_SECRET", SECRET,
                    "OIDC_HMAC_ISSUER", idp.issuerUrl()))) {
                assertEquals(503, own.newBrowser().get("/login/hmac").status());
                assertTrue(log.text().contains("signs id_tokens with none of"), log.text());
            }
        }
    }

    /** Logs in at {@code name} with that token response; returns the operation's public id once finished. */
    private String login(String name, FakeOidcProvider provider, Function<String, MockResponse> token) {
        provider.token(token);
        Map<String, String> authorize = startLogin(browser, name);
        provider.expectNonce(authorize.get("nonce"));
        String op = operationId(callback(browser, name, "state=" + authorize.get("state") + "&code=c-1"));
        String status = awaitFinished(browser, op, 8000).body();
        return status.contains("\"status\":\"ok\"") ? "ok" : op;
    }

    private void assertRefused(String op) {
        assertTrue(!"ok".equals(op), "the login succeeded");
        assertEquals("invalid_id_token", service.reasonOf(op));
        assertTrue(browser.follow("/error?op=" + op).body().contains("failed our security checks"));
    }
}
