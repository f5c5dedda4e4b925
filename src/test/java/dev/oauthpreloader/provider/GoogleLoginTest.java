package dev.oauthpreloader.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ServiceExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Google through pac4j-oidc's GoogleOidcClient, against MockWebServer answering with Google's
 * discovery document (issuer https://accounts.google.com), JWKS, token and userinfo shapes.
 */
class GoogleLoginTest {

    static final FakeOidcProvider google = new FakeOidcProvider("", "https://accounts.google.com");
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of(
                    "GOOGLE_CLIENT_ID", FakeOidcProvider.CLIENT_ID,
                    "GOOGLE_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET,
                    "GOOGLE_DISCOVERY_URL", google.discoveryUrl(),
                    "LOGIN_DEADLINE_SECONDS", "5"))
            .closing(google);
    LoginDriver person;
    Browser browser;

    @BeforeEach
    void newPerson() {
        person = service.newPerson();
        browser = person.browser;
        google.token(nonce -> FakeOidcProvider.tokenResponse(google.idToken(nonce, c -> c)));
    }

    @Test
    void index_offers_login_with_google() {
        assertTrue(browser.get("/").body().contains("Log in with Google"));
    }

    @Test
    void login_redirects_to_google_with_state_nonce_and_s256_pkce() {
        Page login = browser.get("/login/google");
        assertEquals(302, login.status());
        URI location = URI.create(login.location());
        assertTrue(login.location().startsWith(google.issuerUrl() + "/authorize?"), login.location());
        Map<String, String> params = login.locationParams();
        assertEquals(FakeOidcProvider.CLIENT_ID, params.get("client_id"));
        assertEquals("code", params.get("response_type"));
        assertEquals(service.baseUrl() + "/callback/google", params.get("redirect_uri"));
        assertTrue(params.get("scope").contains("openid"), location.toString());
        assertTrue(params.get("state").length() >= 43, "a 256-bit state");
        assertFalse(params.getOrDefault("nonce", "").isEmpty(), "a nonce");
        assertEquals("S256", params.get("code_challenge_method"));
    }

    @Test
    void a_valid_id_token_logs_the_person_in_through_the_preloader() {
        Map<String, String> authorize = person.start("google");
        google.expectNonce(authorize.get("nonce"));
        int tokenCalls = google.tokenRequests.size();
        Page callback = person.callback("google",
                "state=" + authorize.get("state") + "&code=4%2F0AanRRrt-test-code&scope=email+profile+openid&authuser=0&prompt=consent");
        assertTrue(callback.isPreloader(), callback.body());
        String op = LoginDriver.operationId(callback);

        person.awaitOk(op);
        assertTrue(person.success(op).body().contains("Hi, Ada!"));

        RecordedRequest token = google.tokenRequests.get(tokenCalls);
        Map<String, String> form = Page.params(token.getBody().readUtf8());
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals("4/0AanRRrt-test-code", form.get("code"));
        assertEquals(authorize.get("code_challenge"), s256(form.get("code_verifier")), "the PKCE verifier matches the challenge");
        assertEquals(1, service.count("""
                SELECT COUNT(*) FROM identity WHERE provider = 'google' AND provider_user_id = '110169484474386276334'
                AND email = 'ada@example.org' AND email_verified = TRUE"""));
    }

    @Test
    void no_code_token_state_nonce_or_secret_reaches_the_log() {
        try (CapturedLog log = new CapturedLog()) {
            Map<String, String> authorize = person.start("google");
            google.expectNonce(authorize.get("nonce"));
            String idToken = google.idToken(authorize.get("nonce"), c -> c);
            google.token(nonce -> FakeOidcProvider.tokenResponse(idToken));
            String op = LoginDriver.operationId(person.callback("google", "state=" + authorize.get("state") + "&code=4%2Fsecret-code-77"));
            person.awaitOk(op);
            person.success(op);

            String text = log.text();
            assertTrue(text.contains("op=" + op), "the capture saw the service's log lines");
            for (String secret : List.of("secret-code-77", idToken, idToken.substring(0, 30), "ya29.a0-test-access-token",
                    FakeOidcProvider.CLIENT_SECRET, authorize.get("state"), authorize.get("nonce"))) {
                assertFalse(text.contains(secret), "the log shows " + secret);
            }
        }
    }

    @Test
    void the_discovery_document_is_fetched_once_not_per_login() {
        for (int i = 0; i < 3; i++) service.newPerson().start("google");
        assertEquals(1, google.discoveryRequests.size());
    }

    @Test
    void an_id_token_signed_by_another_key_is_refused() {
        google.token(nonce -> FakeOidcProvider.tokenResponse(google.forgedIdToken(nonce)));
        assertRefused();
    }

    @Test
    void an_id_token_for_another_audience_is_refused() {
        google.token(nonce -> FakeOidcProvider.tokenResponse(google.idToken(nonce, c -> c.audience("someone-else"))));
        assertRefused();
    }

    @Test
    void an_expired_id_token_is_refused() {
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        google.token(nonce -> FakeOidcProvider.tokenResponse(google.idToken(nonce,
                c -> c.issueTime(new Date(hourAgo - 3_600_000)).expirationTime(new Date(hourAgo)))));
        assertRefused();
    }

    @Test
    void an_id_token_with_another_nonce_is_refused() {
        google.token(nonce -> FakeOidcProvider.tokenResponse(google.idToken(nonce, c -> c.claim("nonce", "replayed-" + nonce))));
        assertRefused();
    }

    @Test
    void an_id_token_from_another_issuer_is_refused() {
        google.token(nonce -> FakeOidcProvider.tokenResponse(google.idToken(nonce, c -> c.issuer("https://evil.example"))));
        assertRefused();
    }

    @Test
    void a_token_response_without_id_token_is_refused() {
        google.token(nonce -> FakeOidcProvider.tokenResponseWithoutIdToken());
        assertRefused();
    }

    @Test
    void a_forged_state_is_refused_on_the_request_thread() {
        Map<String, String> authorize = person.start("google");
        Page callback = person.callback("google", "state=forged" + authorize.get("state") + "&code=c");
        assertEquals(400, callback.status());
        assertFalse(callback.body().contains("Exception"));
    }

    @Test
    void a_callback_with_state_but_no_code_gets_a_clear_400() {
        Map<String, String> authorize = person.start("google");
        Page callback = person.callback("google", "state=" + authorize.get("state") + "&scope=openid");
        assertEquals(400, callback.status());
        assertTrue(callback.body().contains("Please start the login again"), callback.body());
    }

    @Test
    void cancelling_at_google_ends_on_the_cancelled_page() {
        Map<String, String> authorize = person.start("google");
        Page callback = person.callback("google", "error=access_denied&state=" + authorize.get("state"));
        Page error = browser.follow(callback.location());
        assertTrue(error.body().contains("Login cancelled"), error.body());
    }

    private void assertRefused() {
        Map<String, String> authorize = person.start("google");
        google.expectNonce(authorize.get("nonce"));
        String op = LoginDriver.operationId(person.callback("google", "state=" + authorize.get("state") + "&code=code-1"));
        person.awaitError(op, "invalid_id_token");
        assertEquals("invalid_id_token", service.reasonOf(op));
        Page error = person.error(op);
        assertTrue(error.body().contains("failed our security checks"), error.body());
        assertFalse(browser.get("/").body().contains("Hi,"), "nobody is logged in");
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
