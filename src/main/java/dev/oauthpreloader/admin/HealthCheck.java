package dev.oauthpreloader.admin;

import dev.oauthpreloader.exchange.ExchangeExecutor;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * GET /health/live: the process answers HTTP (200, nothing else checked: restarting a node because
 * its database is down would not bring the database back). GET /health/ready and GET /health: the
 * database answers a trivial query within {@link #DATABASE_TIMEOUT} and the exchange pool has room
 * for one more login; 200 when both hold, 503 otherwise, so a load balancer sends logins elsewhere.
 */
final class HealthCheck {

    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);

    private final OpsQueries queries;
    private final ExchangeExecutor exchanges;
    private final int threads;
    private final int queueCapacity;
    // One thread: if the database hangs, later checks time out behind it instead of piling up threads.
    private final ExecutorService pinger = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "health-ping");
        thread.setDaemon(true);
        return thread;
    });

    HealthCheck(OpsQueries queries, ExchangeExecutor exchanges, int threads, int queueCapacity) {
        this.queries = queries;
        this.exchanges = exchanges;
        this.threads = threads;
        this.queueCapacity = queueCapacity;
    }

    void live(Context ctx) {
        ctx.json(Map.of("status", "up"));
    }

    void ready(Context ctx) {
        Map<String, Object> database = database();
        Map<String, Object> executor = executor();
        boolean up = "up".equals(database.get("status")) && "up".equals(executor.get("status"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "up" : "down");
        body.put("live", true);
        body.put("ready", up);
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", database);
        checks.put("executor", executor);
        body.put("checks", checks);
        ctx.status(up ? 200 : 503).json(body);
    }

    private Map<String, Object> database() {
        long start = System.nanoTime();
        Map<String, Object> check = new LinkedHashMap<>();
        try {
            Future<?> ping = pinger.submit(queries::ping);
            ping.get(DATABASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            check.put("status", "up");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.put("status", "down");
        } catch (Exception e) {
            // The class name only: a driver's message may quote the connection URL.
            check.put("status", "down");
            check.put("error", (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
        }
        check.put("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return check;
    }

    /** Saturated when every thread is busy and the queue is full: the next login would be refused as busy. */
    private Map<String, Object> executor() {
        int active = exchanges.active();
        int queued = exchanges.queued();
        boolean room = active < threads || queued < queueCapacity;
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", room ? "up" : "down");
        check.put("active", active);
        check.put("threads", threads);
        check.put("queued", queued);
        check.put("queueCapacity", queueCapacity);
        return check;
    }
}
