package dev.oauthpreloader.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.operation.ChangeNoticeListener;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.PostgresServer;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database: a page long-polling node A hears of an exchange that
 * finished on node B through LISTEN/NOTIFY, within 50 ms, and still does after A's listening
 * connection is killed.
 */
class CrossNodeNoticeTest {

    static final long PROVIDER_DELAY_MS = 300;
    static final long WITHIN_MS = 50;
    static final int LOGINS = 7;

    static FakeProvider provider;
    static RunningService nodeA;
    static RunningService nodeB;
    static String database;
    static final AtomicLong providerAnswered = new AtomicLong();

    @BeforeAll
    static void twoNodesOnOneDatabase() {
        Assumptions.assumeTrue(PostgresServer.selected(), "several nodes need the PostgreSQL run (test.database=postgresql)");
        provider = new FakeProvider();
        // The last provider call is the slow one: once it answers, the worker only saves and finishes.
        provider.userinfo(() -> {
            providerAnswered.set(System.currentTimeMillis() + PROVIDER_DELAY_MS);
            return FakeProvider.delayed(FakeProvider.userinfoJson("42", "Ada", "Lovelace", "ada@example.org"), PROVIDER_DELAY_MS);
        });
        database = PostgresServer.shared().newDatabase();
        Map<String, String> env = new HashMap<>(provider.env("fake"));
        env.put("DATABASE_URL", database);
        nodeA = RunningService.start(env);
        nodeB = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        if (provider != null) provider.close();
    }

    @Test
    void a_page_long_polling_one_node_learns_within_50_ms_of_an_exchange_that_finished_on_another() {
        assertMedianWithin("finish on B, long poll on A", measure(LOGINS));
    }

    @Test
    void a_killed_listening_connection_is_reconnected_and_changes_still_arrive_at_once() {
        Jdbi db = nodeA.db();
        List<Integer> before = awaitListeners(db, 2, List.of());
        int killed = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE pid IN (<pids>) AND pg_terminate_backend(pid)")
                .bindList("pids", before).mapTo(Integer.class).one());
        assertEquals(2, killed, "both nodes' listening connections were terminated");
        List<Integer> after = awaitListeners(db, 2, before);
        System.out.println("listening connections " + before + " killed, now " + after);
        assertMedianWithin("after the reconnect", measure(3));
    }

    @Test
    void a_stopping_node_closes_its_listening_connection_at_once() {
        Map<String, String> env = new HashMap<>(provider.env("fake"));
        env.put("DATABASE_URL", database);
        RunningService nodeC = RunningService.start(env);
        List<Integer> three = awaitListeners(nodeA.db(), 3, List.of());
        long start = System.nanoTime();
        nodeC.close();
        long stopMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("a node with its listener stopped in " + stopMs + " ms");
        List<Integer> two = awaitListeners(nodeA.db(), 2, List.of());
        assertTrue(three.containsAll(two), "the other nodes kept theirs: " + three + " -> " + two);
        assertTrue(stopMs < 2_000, "the listener does not hold up the stop: " + stopMs + " ms");
    }

    /** Waits for {@code nodes} nodes to be listening on connections other than {@code gone}; returns their backend pids. */
    private static List<Integer> awaitListeners(Jdbi db, int nodes, List<Integer> gone) {
        return await(nodes + " nodes listening").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> db.withHandle(h -> h.createQuery("""
                                SELECT pid FROM pg_stat_activity WHERE application_name = :name AND datname = current_database()""")
                        .bind("name", ChangeNoticeListener.APPLICATION_NAME).mapTo(Integer.class).list()),
                        pids -> pids.size() == nodes && Collections.disjoint(pids, gone));
    }

    /** Logins whose exchange runs on B while the page long-polls A; per login, how late A's answer came after B's finish. */
    private static List<long[]> measure(int logins) {
        List<long[]> lags = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            Browser browser = Browser.at(nodeB.baseUrl);
            String op = new LoginDriver(browser).returnWithCode("fake");
            // The session cookie is the browser's: the same cookie is good on either node.
            Status status = Status.of(browser.getJson(nodeA.baseUrl + "/get-status?op=" + op));
            while (status.isPending()) {
                status = Status.of(browser.getJson(nodeA.baseUrl + "/get-status?op=" + op + "&wait=10000&since=" + status.stage()));
            }
            long answeredOnA = System.currentTimeMillis();
            assertTrue(status.isOk(), status.toString());
            long finishedOnB = nodeB.db().withHandle(h -> h.createQuery("SELECT finished_at FROM async_operation WHERE public_id = :id")
                    .bind("id", op).mapTo(Long.class).one());
            lags.add(new long[] {answeredOnA - finishedOnB, answeredOnA - providerAnswered.get()});
        }
        return lags;
    }

    private static void assertMedianWithin(String what, List<long[]> lags) {
        List<Long> afterFinish = lags.stream().map(l -> l[0]).sorted().toList();
        List<Long> afterProvider = lags.stream().map(l -> l[1]).sorted().toList();
        long median = afterFinish.get(afterFinish.size() / 2);
        System.out.printf("%s: A answered after B's finished_at by %s ms (median %d, worst %d); after the provider answered by %s ms%n",
                what, afterFinish, median, afterFinish.get(afterFinish.size() - 1), afterProvider);
        assertTrue(median <= WITHIN_MS, what + ": node A's answers came " + afterFinish + " ms after B finished");
    }
}
