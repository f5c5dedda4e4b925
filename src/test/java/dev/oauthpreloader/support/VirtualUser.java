package dev.oauthpreloader.support;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One person logging in through the simulated provider, the whole way: login, consent (auto),
 * callback, preloader, /get-status until finished, /success, the logged-in index. Many of these
 * share one OkHttpClient (it costs a third of the JDK client's CPU per request, which matters when
 * the load generator shares the cores with the service); each keeps its own session cookie. Used by
 * the soak test, the multi-node test and the benchmark.
 */
public final class VirtualUser {

    /**
     * LOST_IN_CRASH: /success had to be resent because the node died mid-request; the first try
     * may have logged in a session whose new cookie never arrived, as a real browser would see it.
     */
    public enum Outcome { LOGGED_IN, LOGIN_ERROR, LOST_IN_CRASH, BROKEN }

    /** The parts of a response the flow looks at; the body is read before the connection is reused. */
    record Reply(int statusCode, String body, String location, List<String> setCookies, URI uri) {
    }

    /** What one run of the flow observed. */
    public record Result(Outcome outcome, String op, String reason, long totalMillis, long callbackMillis,
                         long noticedAtMillis, int requests, int serverErrors) {
    }

    private static final Pattern SESSION = Pattern.compile("preloader_session=([^;]+)");
    private static final Pattern PAGE_STAGE = Pattern.compile("data-stage=\"(\\w+)\"");
    private static final Pattern PAGE_OP = Pattern.compile("id=\"preloader\" data-op=\"([^\"]+)\"");

    private final OkHttpClient http;
    private final List<String> nodes;
    private final Duration retryFor;
    private String providerUrl;
    private String cookie;
    private String lastPath = "";
    private int requests;
    private int serverErrors;
    private int retries;

    /** @param retryFor how long to keep retrying a request that fails to connect (a restarting server) */
    public VirtualUser(OkHttpClient http, String baseUrl, Duration retryFor) {
        this(http, List.of(baseUrl), retryFor);
    }

    /** A provider in a process of its own: its addresses are asked as they are, without our cookie. */
    public VirtualUser withProviderAt(String url) {
        this.providerUrl = url;
        return this;
    }

    /** Sends each request to a node picked at random, as a load balancer without stickiness would. */
    public VirtualUser(OkHttpClient http, List<String> nodes, Duration retryFor) {
        this.http = http;
        this.nodes = nodes;
        this.retryFor = retryFor;
    }

    /** One client for up to {@code users} people at once: a kept-alive connection each, no redirects followed. */
    public static OkHttpClient sharedClient(int users) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(users * 2);
        dispatcher.setMaxRequestsPerHost(users * 2);
        return new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                // Kept alive for less than Jetty's 30 s idle timeout, so that no request goes out on a
                // connection the server is closing (a browser would retry such a GET; this client counts it).
                .connectionPool(new ConnectionPool(users * 2, 20, TimeUnit.SECONDS)).dispatcher(dispatcher)
                .retryOnConnectionFailure(false)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).build();
    }

    public Result login(String user, int delayMs, String outcome) {
        long start = System.nanoTime();
        try {
            Reply login = get("/login/simulator?user=" + user + "&delay=" + delayMs + "&outcome=" + outcome + "&auto=1");
            Reply authorize = get(location(login));
            String callbackUrl = location(authorize);
            long callbackStart = System.nanoTime();
            Reply callback = get(callbackUrl);
            long callbackMillis = (System.nanoTime() - callbackStart) / 1_000_000;
            if (callback.statusCode() >= 400) {
                return result(Outcome.LOGIN_ERROR, null, "callback " + callback.statusCode(), start, callbackMillis, 0);
            }
            // Async: the callback answers with the preloader page (or, replayed, redirects to it); sync: to /success.
            String page = callback.statusCode() == 200 ? callback.body() : null;
            if (page == null) {
                String next = location(callback);
                if (!next.contains("/preloader")) return finishSynchronous(next, start, callbackMillis);
                page = get(next).body();
            }
            String op = find(PAGE_OP, page, null);
            if (op == null) return result(Outcome.BROKEN, null, "no preloader page", start, callbackMillis, 0);
            // As the page's script does: wait for a change from the stage the page was rendered with.
            String stage = find(PAGE_STAGE, page, "queued");
            String status = "pending";
            String reason = "?";
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (status.equals("pending") && System.nanoTime() < deadline) {
                Reply poll = get("/get-status?op=" + op + "&wait=10000&since=" + stage);
                if (poll.statusCode() == 404) return result(Outcome.BROKEN, op, "unknown", start, callbackMillis, 0);
                // Anything but a status (a dying node's error page) is polled again, as the page does.
                Status polled = Status.parseOrNull(poll.body());
                if (polled == null || polled.status() == null) continue;
                status = polled.status();
                if (polled.stage() != null) stage = polled.stage();
                if (polled.reason() != null) reason = polled.reason();
            }
            long noticed = (System.nanoTime() - start) / 1_000_000;
            if (status.equals("error")) return result(Outcome.LOGIN_ERROR, op, reason, start, callbackMillis, noticed);
            if (!status.equals("ok")) return result(Outcome.BROKEN, op, "still pending", start, callbackMillis, noticed);
            int retriesBefore = retries;
            Reply success = get("/success?op=" + op);
            Reply home = get(success.statusCode() == 302 ? location(success) : "/");
            boolean greeted = home.body().contains("Hi, ");
            Outcome failed = retries > retriesBefore ? Outcome.LOST_IN_CRASH : Outcome.BROKEN;
            return result(greeted ? Outcome.LOGGED_IN : failed, op, greeted ? null : "not greeted",
                    start, callbackMillis, noticed);
        } catch (IOException | RuntimeException e) {
            return result(Outcome.BROKEN, null, e.getClass().getSimpleName() + " on " + lastPath, start, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(Outcome.BROKEN, null, "interrupted", start, 0, 0);
        }
    }

    /** CALLBACK_MODE=sync: the callback already exchanged the code; follow it to the index. */
    private Result finishSynchronous(String next, long start, long callbackMillis) throws IOException, InterruptedException {
        Reply response = get(next);
        for (int hop = 0; hop < 5 && response.statusCode() == 302; hop++) response = get(location(response));
        long noticed = (System.nanoTime() - start) / 1_000_000;
        boolean greeted = response.body().contains("Hi, ");
        return result(greeted ? Outcome.LOGGED_IN : Outcome.BROKEN, null, greeted ? null : "not greeted", start, callbackMillis, noticed);
    }

    private Result result(Outcome outcome, String op, String reason, long start, long callbackMillis, long noticed) {
        return new Result(outcome, op, reason, (System.nanoTime() - start) / 1_000_000, callbackMillis, noticed,
                requests, serverErrors);
    }

    private Reply get(String pathOrUrl) throws IOException, InterruptedException {
        String path = pathOrUrl;
        boolean elsewhere = providerUrl != null && pathOrUrl.startsWith(providerUrl);
        if (pathOrUrl.startsWith("http") && !elsewhere) {
            URI absolute = URI.create(pathOrUrl);
            path = absolute.getRawPath() + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
        }
        long giveUp = System.nanoTime() + retryFor.toNanos();
        while (true) {
            URI uri = URI.create(elsewhere ? pathOrUrl : nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())) + path);
            lastPath = uri.getPath();
            Request.Builder request = new Request.Builder().url(uri.toString()).get();
            if (cookie != null && !elsewhere) request.header("Cookie", "preloader_session=" + cookie);
            try {
                requests++;
                Reply response;
                try (Response raw = http.newCall(request.build()).execute()) {
                    response = new Reply(raw.code(), raw.body() == null ? "" : raw.body().string(),
                            raw.header("Location"), raw.headers("Set-Cookie"), uri);
                }
                if (response.statusCode() >= 500) serverErrors++;
                for (String setCookie : response.setCookies()) {
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

    private static String location(Reply response) {
        if (response.location() == null) throw new IllegalStateException("expected a redirect, got " + response.statusCode());
        return response.uri().resolve(response.location()).toString();
    }

    private static String find(Pattern pattern, String body, String fallback) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : fallback;
    }
}
