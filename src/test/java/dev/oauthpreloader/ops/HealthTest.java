package dev.oauthpreloader.ops;

import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health/live, /health/ready and /health, on a pool of one thread and one queue place that a hung provider fills. */
class HealthTest {

    static FakeProvider provider;
    static RunningService service;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.put("EXCHANGE_THREADS", "1");
        env.put("EXCHANGE_QUEUE", "1");
        env.put("LOGIN_DEADLINE_SECONDS", "2");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        provider.close();
    }

    @Test
    void liveness_answers_200_json() {
        Page live = service.newBrowser().get("/health/live");
        assertEquals(200, live.status());
        assertTrue(live.header("Content-Type").startsWith("application/json"));
        assertEquals("{\"status\":\"up\"}", live.body());
    }

    @Test
    void readiness_answers_200_with_the_database_and_the_pool_checked() {
        for (String path : new String[] {"/health", "/health/ready"}) {
            Page ready = service.newBrowser().get(path);
            assertEquals(200, ready.status(), path + ": " + ready.body());
            assertTrue(ready.body().contains("\"status\":\"up\""), ready.body());
            assertTrue(ready.body().contains("\"database\":{\"status\":\"up\""), ready.body());
            assertTrue(ready.body().contains("\"queueCapacity\":1"), ready.body());
        }
    }

    @Test
    void readiness_answers_503_while_the_exchange_pool_is_full_and_200_once_it_drains() {
        provider.token(FakeProvider::hang);
        try {
            Browser first = service.newBrowser();
            Browser second = service.newBrowser();
            operationId(callback(first, "mock", "code=a&state=" + startLogin(first, "mock").get("state")));
            operationId(callback(second, "mock", "code=b&state=" + startLogin(second, "mock").get("state")));

            Page full = awaitStatus(503, 3000);
            assertTrue(full.body().contains("\"executor\":{\"status\":\"down\",\"active\":1,\"threads\":1,\"queued\":1"), full.body());
            assertTrue(full.body().contains("\"ready\":false"), full.body());
            assertEquals(200, service.newBrowser().get("/health/live").status(), "a full pool is no reason to restart");
        } finally {
            provider.token(() -> FakeProvider.tokenJson("t"));
        }
        // The deadline (2 s) and the provider read timeout free the pool.
        awaitStatus(200, 8000);
    }

    private static Page awaitStatus(int status, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        Page page;
        do {
            page = service.newBrowser().get("/health/ready");
        } while (page.status() != status && System.currentTimeMillis() < end && sleep());
        assertEquals(status, page.status(), page.body());
        return page;
    }

    private static boolean sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
