package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Flows;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One callback URL requested several times at once, in one browser: one exchange, one operation, every replay led to it. */
class ConcurrentCallbackTest {

    @Test
    void concurrent_replays_of_one_callback_start_exactly_one_exchange_and_all_lead_to_it() throws Exception {
        try (FakeProvider provider = new FakeProvider();
             RunningService service = RunningService.start(provider.env("a"));
             ExecutorService requests = Executors.newFixedThreadPool(6)) {
            provider.token(() -> FakeProvider.delayed(FakeProvider.tokenJson("at-1"), 300));
            Browser browser = service.newBrowser();
            String state = Flows.startLogin(browser, "a").get("state");
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Page>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(requests.submit(() -> {
                    go.await();
                    return Flows.callback(browser, "a", "code=one-code&state=" + state);
                }));
            }
            go.countDown();
            Set<String> operations = new HashSet<>();
            for (Future<Page> reply : replies) operations.add(Flows.operationId(reply.get()));

            assertEquals(1, operations.size(), "every replay is sent to the same login: " + operations);
            String op = operations.iterator().next();
            assertTrue(Flows.awaitFinished(browser, op, 10_000).body().contains("\"status\":\"ok\""));
            assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation"), "one operation row");
            assertEquals(1, provider.tokenRequests.size(), "one code exchange");
            assertEquals(op, browser.getJson("/get-status").body().replaceAll(".*/success\\?op=([A-Za-z0-9_-]+).*", "$1"),
                    "and the session points at it");
        }
    }

    @Test
    void a_replay_of_a_cancelled_callback_leads_to_the_same_failed_login() throws Exception {
        try (FakeProvider provider = new FakeProvider();
             RunningService service = RunningService.start(provider.env("a"));
             ExecutorService requests = Executors.newFixedThreadPool(4)) {
            Browser browser = service.newBrowser();
            String state = Flows.startLogin(browser, "a").get("state");
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Page>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(requests.submit(() -> {
                    go.await();
                    return Flows.callback(browser, "a", "error=access_denied&state=" + state);
                }));
            }
            go.countDown();
            Set<String> targets = new HashSet<>();
            for (Future<Page> reply : replies) targets.add(reply.get().locationParams().get("op"));
            assertEquals(1, targets.size(), targets.toString());
            assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation"));
            assertEquals("cancelled", service.reasonOf(targets.iterator().next()));
        }
    }
}
