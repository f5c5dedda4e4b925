package dev.oauthpreloader.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** One browser's cookie, sent to whichever node a test names, as a load balancer without sticky sessions would. */
final class SessionClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String cookieName;
    /** The cookie's value as the browser holds it; null when it holds none. */
    volatile String cookie;

    SessionClient(String cookieName) {
        this.cookieName = cookieName;
    }

    record Answer(int status, String body, List<String> setCookies) {
    }

    Answer get(SessionNode node, String path) {
        return send(node, path, "GET");
    }

    Answer post(SessionNode node, String path) {
        return send(node, path, "POST");
    }

    private Answer send(SessionNode node, String path, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        String held = cookie;
        if (held != null) request.header("Cookie", cookieName + "=" + held);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            List<String> setCookies = response.headers().allValues("Set-Cookie");
            for (String setCookie : setCookies) {
                if (!setCookie.startsWith(cookieName + "=")) continue;
                String value = setCookie.substring(cookieName.length() + 1, setCookie.indexOf(';'));
                cookie = value.isEmpty() || setCookie.contains("Max-Age=0") ? null : value;
            }
            return new Answer(response.statusCode(), response.body(), setCookies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
