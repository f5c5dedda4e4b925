package dev.oauthpreloader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A cookie-keeping HTTP client that follows redirects only when told to, like a careful browser. */
public final class Browser {

    private final String baseUrl;
    private final HttpClient http;
    public final CookieManager cookies = new CookieManager();

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Page get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    public Page getJson(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "application/json").GET());
    }

    public Page post(String pathOrUrl, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** GETs and follows redirects to the final page (at most 10 hops). */
    public Page follow(String pathOrUrl) {
        Page page = get(pathOrUrl);
        for (int hop = 0; hop < 10 && page.isRedirect(); hop++) page = get(page.location());
        return page;
    }

    /** A browser for a service started some other way (a child process, say). */
    public static Browser at(String baseUrl) {
        return new Browser(baseUrl);
    }

    private Page send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
