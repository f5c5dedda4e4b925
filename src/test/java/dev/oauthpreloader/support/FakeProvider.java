package dev.oauthpreloader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A generic OAuth 2.0 provider played by MockWebServer: /token and /userinfo answer what the test
 * sets, and every request is kept for the test to inspect. /authorize is never called: the test
 * plays the browser's return trip itself.
 */
public final class FakeProvider implements AutoCloseable {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-secret-do-not-log";

    private final MockWebServer server = new MockWebServer();
    public final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
    public final List<RecordedRequest> userinfoRequests = new CopyOnWriteArrayList<>();
    private volatile Supplier<MockResponse> token = () -> tokenJson("at-secret-123");
    private volatile Supplier<MockResponse> userinfo = () -> userinfoJson("42", "Ada", "Lovelace", "ada@example.org");

    public FakeProvider() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath() == null ? "" : request.getPath();
                if (path.startsWith("/token")) {
                    tokenRequests.add(request);
                    return token.get();
                }
                if (path.startsWith("/userinfo")) {
                    userinfoRequests.add(request);
                    return userinfo.get();
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables that configure this fake as generic OAuth 2.0 provider {@code name}. */
    public Map<String, String> env(String name) {
        String prefix = "OAUTH2_" + name.toUpperCase().replace('-', '_') + "_";
        return Map.of(
                "OAUTH2_PROVIDERS", name,
                prefix + "CLIENT_ID", CLIENT_ID,
                prefix + "CLIENT_SECRET", CLIENT_SECRET,
                prefix + "AUTH_URL", server.url("/authorize").toString(),
                prefix + "TOKEN_URL", server.url("/token").toString(),
                prefix + "USERINFO_URL", server.url("/userinfo").toString(),
                prefix + "SCOPE", "profile email");
    }

    public void token(Supplier<MockResponse> response) {
        this.token = response;
    }

    public void userinfo(Supplier<MockResponse> response) {
        this.userinfo = response;
    }

    public static MockResponse tokenJson(String accessToken) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    public static MockResponse userinfoJson(String id, String first, String last, String email) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"id":"%s","given_name":"%s","family_name":"%s","email":"%s","email_verified":true}"""
                .formatted(id, first, last, email));
    }

    public static MockResponse delayed(MockResponse response, long millis) {
        return response.setHeadersDelay(millis, TimeUnit.MILLISECONDS);
    }

    public static MockResponse status(int code, String contentType, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", contentType).setBody(body);
    }

    public static MockResponse hang() {
        return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }

    public static MockResponse reset() {
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException ignored) {
            // the test is over
        }
    }
}
