package dev.oauthpreloader.support;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A generic OAuth 2.0 provider: /token and /userinfo on a {@link ScriptedProvider} answer what the
 * test sets, and every request is kept for the test to inspect. /authorize is never called: the
 * test plays the browser's return trip itself.
 */
public final class FakeProvider implements AutoCloseable {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-secret-do-not-log";

    private final ScriptedProvider server = new ScriptedProvider();
    public final List<RecordedRequest> tokenRequests = server.requestsTo("/token");
    public final List<RecordedRequest> userinfoRequests = server.requestsTo("/userinfo");
    private volatile Supplier<MockResponse> token;
    private volatile Supplier<MockResponse> userinfo;

    public FakeProvider() {
        resetAnswers();
        server.on("/token", r -> token.get());
        server.on("/userinfo", r -> userinfo.get());
    }

    /** The variables that configure this fake as generic OAuth 2.0 provider {@code name}. */
    public Map<String, String> env(String name) {
        String prefix = "OAUTH2_" + name.toUpperCase().replace('-', '_') + "_";
        return Map.of(
                "OAUTH2_PROVIDERS", name,
                prefix + "CLIENT_ID", CLIENT_ID,
                prefix + "CLIENT_SECRET", CLIENT_SECRET,
                prefix + "AUTH_URL", server.url() + "/authorize",
                prefix + "TOKEN_URL", server.url() + "/token",
                prefix + "USERINFO_URL", server.url() + "/userinfo",
                prefix + "SCOPE", "profile email");
    }

    public void token(Supplier<MockResponse> response) {
        this.token = response;
    }

    public void userinfo(Supplier<MockResponse> response) {
        this.userinfo = response;
    }

    /** Back to the good answers: token at-secret-123, and Ada Lovelace (id 42, ada@example.org, verified). */
    public void resetAnswers() {
        token(() -> tokenJson("at-secret-123"));
        userinfo(() -> userinfoJson("42", "Ada", "Lovelace", "ada@example.org"));
    }

    public static MockResponse tokenJson(String accessToken) {
        return ScriptedProvider.json("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    public static MockResponse userinfoJson(String id, String first, String last, String email) {
        return ScriptedProvider.json("""
                {"id":"%s","given_name":"%s","family_name":"%s","email":"%s","email_verified":true}"""
                .formatted(id, first, last, email));
    }

    public static MockResponse delayed(MockResponse response, long millis) {
        return ScriptedProvider.delayed(response, millis);
    }

    public static MockResponse status(int code, String contentType, String body) {
        return ScriptedProvider.status(code, contentType, body);
    }

    public static MockResponse hang() {
        return ScriptedProvider.hang();
    }

    public static MockResponse reset() {
        return ScriptedProvider.reset();
    }

    @Override
    public void close() {
        server.close();
    }
}
