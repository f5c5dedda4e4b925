package dev.oauthpreloader.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health/live, /health/ready and /health, on a pool of one thread and one queue place that a hung provider fills. */
class HealthTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("EXCHANGE_THREADS", "1")
            .env("EXCHANGE_QUEUE", "1")
            .env("LOGIN_DEADLINE_SECONDS", "2")
            .closing(provider);

    @Test
    void liveness_answers_200_json() {
        Page live = service.newBrowser().get("/health/live");
        assertEquals(200, live.status());
        assertTrue(live.header("Content-Type").startsWith("application/json"));
        assertEquals("{\"status\":\"up\"}", live.body());
    }

    @Test
    void readiness_answers_200_with_the_database_and_the_pool_checked() throws Exception {
        for (String path : new String[] {"/health", "/health/ready"}) {
            Page ready = service.newBrowser().get(path);
            assertEquals(200, ready.status(), path + ": " + ready.body());
            JsonNode health = JSON.readTree(ready.body());
            assertEquals("up", health.path("status").asText(), ready.body());
            assertEquals("up", health.at("/checks/database/status").asText(), ready.body());
            assertEquals(1, health.at("/checks/executor/queueCapacity").asInt(), ready.body());
        }
    }

    @Test
    void readiness_answers_503_while_the_exchange_pool_is_full_and_200_once_it_drains() throws Exception {
        provider.token(FakeProvider::hang);
        try {
            service.newPerson().returnWithCode("mock", "a");
            service.newPerson().returnWithCode("mock", "b");

            Page full = awaitStatus(503, Duration.ofSeconds(3));
            JsonNode health = JSON.readTree(full.body());
            JsonNode executor = health.at("/checks/executor");
            assertEquals("down", executor.path("status").asText(), full.body());
            assertEquals(1, executor.path("active").asInt(), full.body());
            assertEquals(1, executor.path("threads").asInt(), full.body());
            assertEquals(1, executor.path("queued").asInt(), full.body());
            assertEquals(false, health.path("ready").asBoolean(true), full.body());
            assertEquals(200, service.newBrowser().get("/health/live").status(), "a full pool is no reason to restart");
        } finally {
            provider.resetAnswers();
        }
        // The deadline (2 s) and the provider read timeout free the pool.
        awaitStatus(200, Duration.ofSeconds(8));
    }

    private static Page awaitStatus(int status, Duration timeout) {
        return await("/health/ready to answer " + status).atMost(timeout).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                .until(() -> service.newBrowser().get("/health/ready"), page -> page.status() == status);
    }
}
