package dev.oauthpreloader.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One person logging in through the simulated provider, the whole way: login, consent (auto),
 * callback, preloader, /get-status until finished, /success, the logged-in index. Many of these
 * share one HttpClient; each keeps its own session cookie. Used by the soak test and the benchmark.
 */
public final class VirtualUser {

    /**
     * LOST_IN_CRASH: /success had to be resent because the node died mid-request; the first try
     * may have logged in a session whose new cookie never arrived, as a real browser would see it.
     */
    public enum Outcome { LOGGED_IN, LOGIN_ERROR, LOST_IN_CRASH, BROKEN }

    /** What one run of the flow observed. */
    public record Result(Outcome outcome, String op, String reason, long totalMillis, long callbackMillis,
                         long noticedAtMillis, int requests, int serverErrors) {
    }

    private static final Pattern SESSION = Pattern.compile("preloader_session=([^;]+)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern STAGE = Pattern.compile("\"stage\":\"(\\w+)\"");
    private static final Pattern REASON = Pattern.compile("\"reason\":\"(\\w+)\"");

    private final HttpClient http;
    private final List<String> nodes;
    private final Duration retryFor;
    private String cookie;
    private int requests;
    private int serverErrors;
    private int retries;

    /** @param retryFor how long to keep retrying a request that fails to connect (a restarting server) */
    public VirtualUser(HttpClient http, String baseUrl, Duration retryFor) {
        this(http, List.of(baseUrl), retryFor);
    }

    /** Sends each request to a node picked at random, as a load balancer without stickiness would. */
    public VirtualUser(HttpClient http, List<String> nodes, Duration retryFor) {
        this.http = http;
        this.nodes = nodes;
        this.retryFor = retryFor;
    }

    public static HttpClient sharedClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Result login(String user, int delayMs, String outcome) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> login = get("/login/simulator?user=" + user + "&delay=" + delayMs + "&outcome=" + outcome + "&auto=1");
            HttpResponse<String> authorize = get(location(login));
            String callbackUrl = location(authorize);
            long callbackStart = System.nanoTime();
            HttpResponse<String> callback = get(callbackUrl);
            long callbackMillis = (System.nanoTime() - callbackStart) / 1_000_000;
            if (callback.statusCode() >= 400) {
                return result(Outcome.LOGIN_ERROR, null, "callback " + callback.statusCode(), start, callbackMillis, 0);
            }
            String preloader = location(callback);
            if (!preloader.contains("/preloader")) return finishSynchronous(preloader, start, callbackMillis);
            String op = preloader.replaceAll(".*[?&]op=([^&]+).*", "$1");
            get(preloader);
            String stage = "queued";
            String status = "pending";
            String body = "";
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (status.equals("pending") && System.nanoTime() < deadline) {
                HttpResponse<String> poll = get("/get-status?op=" + op + "&wait=10000&since=" + stage);
                body = poll.body();
                if (poll.statusCode() == 404) return result(Outcome.BROKEN, op, "unknown", start, callbackMillis, 0);
                status = find(STATUS, body, "pending");
                stage = find(STAGE, body, stage);
            }
            long noticed = (System.nanoTime() - start) / 1_000_000;
            if (status.equals("error")) return result(Outcome.LOGIN_ERROR, op, find(REASON, body, "?"), start, callbackMillis, noticed);
            if (!status.equals("ok")) return result(Outcome.BROKEN, op, "still pending", start, callbackMillis, noticed);
            int retriesBefore = retries;
            HttpResponse<String> success = get("/success?op=" + op);
            HttpResponse<String> home = get(success.statusCode() == 302 ? location(success) : "/");
            boolean greeted = home.body().contains("Hi, ");
            Outcome failed = retries > retriesBefore ? Outcome.LOST_IN_CRASH : Outcome.BROKEN;
            return result(greeted ? Outcome.LOGGED_IN : failed, op, greeted ? null : "not greeted",
                    start, callbackMillis, noticed);
        } catch (IOException | RuntimeException e) {
            return result(Outcome.BROKEN, null, e.getClass().getSimpleName(), start, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(Outcome.BROKEN, null, "interrupted", start, 0, 0);
        }
    }

    /** CALLBACK_MODE=sync: the callback already exchanged the code; follow it to the index. */
    private Result finishSynchronous(String next, long start, long callbackMillis) throws IOException, InterruptedException {
        HttpResponse<String> response = get(next);
        for (int hop = 0; hop < 5 && response.statusCode() == 302; hop++) response = get(location(response));
        long noticed = (System.nanoTime() - start) / 1_000_000;
        boolean greeted = response.body().contains("Hi, ");
        return result(greeted ? Outcome.LOGGED_IN : Outcome.BROKEN, null, greeted ? null : "not greeted", start, callbackMillis, noticed);
    }

    private Result result(Outcome outcome, String op, String reason, long start, long callbackMillis, long noticed) {
        return new Result(outcome, op, reason, (System.nanoTime() - start) / 1_000_000, callbackMillis, noticed,
                requests, serverErrors);
    }

    private HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        String path = pathOrUrl;
        if (pathOrUrl.startsWith("http")) {
            URI absolute = URI.create(pathOrUrl);
            path = absolute.getRawPath() + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
        }
        long giveUp = System.nanoTime() + retryFor.toNanos();
        while (true) {
            URI uri = URI.create(nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())) + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
            if (cookie != null) request.header("Cookie", "preloader_session=" + cookie);
            try {
                requests++;
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500) serverErrors++;
                List<String> setCookies = response.headers().allValues("Set-Cookie");
                for (String setCookie : setCookies) {
                    Matcher m = SESSION.matcher(setCookie);
                    if (m.find()) cookie = m.group(1);
                }
                return response;
            } catch (IOException e) {
                if (System.nanoTime() > giveUp) throw e;
                retries++;
                Thread.sleep(200);
            }
        }
    }

    private static String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("expected a redirect, got " + response.statusCode()));
        return response.uri().resolve(location).toString();
    }

    private static String find(Pattern pattern, String body, String fallback) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : fallback;
    }
}
