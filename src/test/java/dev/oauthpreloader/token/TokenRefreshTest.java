package dev.oauthpreloader.token;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.ScriptedProvider;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens near expiry are refreshed by the background refresher with the refresh grant; a refusal
 * marks the identity needs_login, a failure that may pass is tried again later.
 */
class TokenRefreshTest {

    static final ScriptedProvider provider = new ScriptedProvider();
    /** What the token endpoint answers to a refresh grant, by the refresh token it was sent. */
    static final Map<String, Supplier<MockResponse>> refreshAnswers = new ConcurrentHashMap<>();
    static volatile String nextUser = "u0";

    static {
        provider.on("/token", request -> {
            String body = request.getBody().clone().readUtf8();
            if (body.contains("grant_type=refresh_token")) {
                String rt = body.replaceAll(".*refresh_token=([^&]*).*", "$1");
                return refreshAnswers.getOrDefault(rt, () -> ScriptedProvider.status(400, "{\"error\":\"invalid_grant\"}")).get();
            }
            // A login's token: 5 s to live, so it is due at once (TOKEN_REFRESH_BEFORE_SECONDS is 10).
            return ScriptedProvider.json("{\"access_token\":\"at-" + nextUser + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":5,\"refresh_token\":\"rt-" + nextUser + "\"}");
        });
        provider.on("/userinfo", request -> FakeProvider.userinfoJson(nextUser, "Ada", "Lovelace", nextUser + "@example.org"));
    }

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of(
                    "OAUTH2_PROVIDERS", "mock",
                    "OAUTH2_MOCK_CLIENT_ID", FakeProvider.CLIENT_ID,
                    "OAUTH2_MOCK_CLIENT_SECRET", FakeProvider.CLIENT_SECRET,
                    "OAUTH2_MOCK_AUTH_URL", provider.url() + "/authorize",
                    "OAUTH2_MOCK_TOKEN_URL", provider.url() + "/token",
                    "OAUTH2_MOCK_USERINFO_URL", provider.url() + "/userinfo"))
            .env("TOKEN_REFRESH_CHECK_SECONDS", "1")
            .env("TOKEN_REFRESH_BEFORE_SECONDS", "10")
            .closing(provider);

    @Test
    void a_token_near_expiry_is_refreshed_in_the_background_with_the_refresh_grant() {
        refreshAnswers.put("rt-u1", () -> ScriptedProvider.json(
                "{\"access_token\":\"at-u1-new\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rt-u1-new\"}"));
        long identity = logIn("u1");
        await().atMost(Duration.ofSeconds(10)).until(() -> "at-u1-new".equals(kept(identity).tokens().accessToken()));
        KeptToken after = kept(identity);
        assertEquals("rt-u1-new", after.tokens().refreshToken());
        assertTrue(after.accessExpiresAt() > System.currentTimeMillis() + 3_000_000);
        assertFalse(after.needsLogin());
        RecordedRequest refresh = refreshRequests("rt-u1").get(0);
        assertTrue(refresh.getHeader("Authorization") != null || refresh.getBody().clone().readUtf8().contains("client_id"),
                "the refresh authenticates the client as the login did");
        assertEquals(1, refreshRequests("rt-u1").size(), "refreshed once, not on every cycle");
        assertEquals(Map.of("at", "at-u1-new"), Map.of("at", keptTokens().currentAccessToken(after.userProfileId(), "mock").orElseThrow()));
    }

    @Test
    void a_refused_refresh_marks_the_identity_as_needing_a_new_login() {
        refreshAnswers.put("rt-u2", () -> ScriptedProvider.status(400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}"));
        long identity = logIn("u2");
        await().atMost(Duration.ofSeconds(10)).until(() -> kept(identity).needsLogin());
        assertTrue(keptTokens().currentAccessToken(kept(identity).userProfileId(), "mock").isEmpty(),
                "no token is handed out for an identity that needs a new login");
        // A new login brings a usable token again.
        refreshAnswers.put("rt-u2", () -> ScriptedProvider.json(
                "{\"access_token\":\"at-u2-again\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        logIn("u2");
        assertFalse(kept(identity).needsLogin());
    }

    @Test
    void a_refresh_that_fails_for_now_is_tried_again_later_and_then_succeeds() {
        refreshAnswers.put("rt-u3", () -> ScriptedProvider.status(503, "{\"error\":\"temporarily_unavailable\"}"));
        long identity = logIn("u3");
        await().atMost(Duration.ofSeconds(10)).until(() -> refreshRequests("rt-u3").size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> refreshAfter(identity) > System.currentTimeMillis() + 30_000);
        assertFalse(kept(identity).needsLogin(), "a 503 is no refusal");
        // "Later": the retry time has come, and the provider is back.
        refreshAnswers.put("rt-u3", () -> ScriptedProvider.json(
                "{\"access_token\":\"at-u3-new\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        service.db().useHandle(h -> h.execute("UPDATE identity_token SET refresh_after = 0 WHERE identity_id = ?", identity));
        await().atMost(Duration.ofSeconds(10)).until(() -> "at-u3-new".equals(kept(identity).tokens().accessToken()));
        assertEquals("rt-u3", kept(identity).tokens().refreshToken(), "no new refresh token: the old one is kept");
    }

    @Test
    void the_access_token_method_hands_out_only_a_still_valid_token_and_never_calls_the_provider() {
        refreshAnswers.put("rt-u4", () -> ScriptedProvider.json(
                "{\"access_token\":\"at-u4-new\",\"token_type\":\"Bearer\",\"expires_in\":600}"));
        long identity = logIn("u4");
        await().atMost(Duration.ofSeconds(10)).until(() -> "at-u4-new".equals(kept(identity).tokens().accessToken()));
        long user = kept(identity).userProfileId();
        int requestsBefore = provider.requests.size();
        assertEquals("at-u4-new", keptTokens().currentAccessToken(user, "mock").orElseThrow());
        service.db().useHandle(h -> h.execute("UPDATE identity_token SET access_expires_at = ? WHERE identity_id = ?",
                System.currentTimeMillis() + 20_000, identity)); // not yet due a refresh (10 s before expiry)
        assertTrue(keptTokens().currentAccessToken(user, "mock").isEmpty(), "20 s left is too little to hand out");
        assertTrue(keptTokens().currentAccessToken(user, "github").isEmpty());
        assertEquals(requestsBefore, provider.requests.size(), "nothing was asked of the provider");
    }

    private static long logIn(String user) {
        nextUser = user;
        service.newPerson().logIn("mock");
        return service.db().withHandle(h -> h.createQuery(
                "SELECT id FROM identity WHERE provider = 'mock' AND provider_user_id = :u").bind("u", user).mapTo(Long.class).one());
    }

    private static List<RecordedRequest> refreshRequests(String refreshToken) {
        return provider.requestsTo("/token").stream()
                .filter(r -> r.getBody().clone().readUtf8().contains("refresh_token=" + refreshToken + "&")
                        || r.getBody().clone().readUtf8().endsWith("refresh_token=" + refreshToken))
                .toList();
    }

    private static long refreshAfter(long identity) {
        Long value = service.db().withHandle(h -> h.createQuery("SELECT refresh_after FROM identity_token WHERE identity_id = :id")
                .bind("id", identity).mapTo(Long.class).one());
        return value == null ? 0 : value;
    }

    private static KeptToken kept(long identity) {
        return TokensAtRestTest.store(service).find(identity).orElseThrow();
    }

    private static KeptTokens keptTokens() {
        return new KeptTokens(TokensAtRestTest.store(service), Clock.systemUTC());
    }
}
