package dev.oauthpreloader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A provider played by MockWebServer whose answers the test scripts per path; every request is kept. */
public final class ScriptedProvider implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Function<RecordedRequest, MockResponse>> answers = new ConcurrentHashMap<>();
    public final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedProvider() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getRequestUrl() == null ? "" : request.getRequestUrl().encodedPath();
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

    public List<RecordedRequest> requestsTo(String path) {
        return requests.stream().filter(r -> r.getRequestUrl() != null && r.getRequestUrl().encodedPath().equals(path)).toList();
    }

    public static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json; charset=utf-8").setBody(body);
    }

    public static MockResponse form(String body) {
        return new MockResponse().setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").setBody(body);
    }

    public static MockResponse status(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
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
