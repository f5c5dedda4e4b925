package dev.oauthpreloader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A provider played by MockWebServer whose answers the test scripts per path; every request is
 * kept, also by path. The one MockWebServer wrapper: {@link FakeProvider} and
 * {@link FakeOidcProvider} are scripts for it.
 */
public final class ScriptedProvider implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Function<RecordedRequest, MockResponse>> answers = new ConcurrentHashMap<>();
    private final Map<String, List<RecordedRequest>> byPath = new ConcurrentHashMap<>();
    public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedProvider() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getRequestUrl() == null ? "" : request.getRequestUrl().encodedPath();
                requestsTo(path).add(request);
                Function<RecordedRequest, MockResponse> answer = answers.get(path);
                return answer == null ? new MockResponse().setResponseCode(404) : answer.apply(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers requests to {@code path} (query ignored) with {@code answer}. */
    public void on(String path, Function<RecordedRequest, MockResponse> answer) {
        answers.put(path, answer);
    }

    /** The mock's root URL, without a trailing slash. */
    public String url() {
        String root = server.url("/").toString();
        return root.substring(0, root.length() - 1);
    }

    /** The requests to {@code path} so far, oldest first; the list grows as more arrive. */
    public List<RecordedRequest> requestsTo(String path) {
        return byPath.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    }

    public static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json; charset=utf-8").setBody(body);
    }

    public static MockResponse form(String body) {
        return new MockResponse().setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").setBody(body);
    }

    public static MockResponse status(int code, String body) {
        return status(code, "application/json", body);
    }

    public static MockResponse status(int code, String contentType, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", contentType).setBody(body);
    }

    public static MockResponse delayed(MockResponse response, long millis) {
        return response.setHeadersDelay(millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the request and never answers: the client's read timeout is all that ends it. */
    public static MockResponse hang() {
        return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }

    /** Drops the connection before reading the request. */
    public static MockResponse reset() {
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START);
    }

    /** Reads the request, then drops the connection without a word. */
    public static MockResponse cutAfterRequest() {
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
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
