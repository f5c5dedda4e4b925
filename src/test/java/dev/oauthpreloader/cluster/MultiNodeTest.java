package dev.oauthpreloader.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.PostgresServer;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ServiceProcess;
import dev.oauthpreloader.support.TcpProxy;
import dev.oauthpreloader.support.VirtualUser;
import dev.oauthpreloader.support.VirtualUser.Outcome;
import dev.oauthpreloader.support.VirtualUser.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two service processes on one PostgreSQL database, every request of 200 concurrent logins sent to
 * a random node, and one node killed (-9) in the middle: nothing lost, stuck or duplicated.
 */
@Tag("slow")
class MultiNodeTest {

    static final int LOGINS = 200;

    @Test
    void logins_hop_between_nodes_and_survive_the_death_of_one() throws Exception {
        Assumptions.assumeTrue(PostgresServer.selected(), "several nodes need the PostgreSQL run (test.database=postgresql)");
        String database = PostgresServer.shared().newDatabase();
        Path dir = Files.createTempDirectory("oauth-preloader-cluster");
        int port1 = RunningService.freePort();
        int port2 = RunningService.freePort();
        try (TcpProxy balancer = new TcpProxy(List.of(port1, port2))) {
            String baseUrl = "http://localhost:" + balancer.port();
            ServiceProcess node1 = node(1, port1, database, baseUrl, dir).start();
            ServiceProcess node2 = node(2, port2, database, baseUrl, dir).start();
            try {
                List<String> nodes = List.of("http://localhost:" + port1, "http://localhost:" + port2);
                OkHttpClient http = VirtualUser.sharedClient(LOGINS);
                Random random = new Random(7);
                ExecutorService users = Executors.newFixedThreadPool(LOGINS);
                List<Future<Result>> futures = new ArrayList<>();
                for (int i = 0; i < LOGINS; i++) {
                    String user = "node" + (i / 2);
                    int delay = 200 + random.nextInt(1801);
                    futures.add(users.submit(() -> new VirtualUser(http, nodes, Duration.ofSeconds(30)).login(user, delay, "ok")));
                }
                // Kill once both nodes are exchanging, not after a fixed time: on a loaded machine the
                // first callbacks may take seconds to arrive.
                Jdbi db = Jdbi.create(database);
                awaitUntil(db, "SELECT COUNT(*) FROM async_operation WHERE node_id = 'node-1' AND async_operation_status_id = 1", 10);
                awaitUntil(db, "SELECT COUNT(*) FROM async_operation WHERE node_id = 'node-2'", 1);
                long killedAt = System.currentTimeMillis();
                node1.kill();
                List<Result> results = new ArrayList<>();
                for (Future<Result> f : futures) results.add(f.get());
                users.shutdownNow();

                // A callback cut off by the kill leaves its row on the dead node: the survivor fails it
                // once node 1 misses its heartbeat, well within the login deadline.
                awaitUntilZero(db, "SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 1", Duration.ofSeconds(40));
                int pending = count(db, "SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 1");
                int ok = count(db, "SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 2");
                int consumed = count(db, "SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL");
                long loggedIn = results.stream().filter(r -> r.outcome() == Outcome.LOGGED_IN).count();
                List<Result> stuck = results.stream().filter(r -> r.outcome() == Outcome.BROKEN && r.op() != null).toList();
                assertEquals(0, pending, "every operation ended ok or error");
                assertEquals(List.of(), stuck, "every login that started ended on a page");
                assertEquals(ok, consumed, "each ok operation logged in exactly once");
                long lost = results.stream().filter(r -> r.outcome() == Outcome.LOST_IN_CRASH).count();
                assertEquals(ok, (int) (loggedIn + lost), "ok operations = people logged in, but for /success answers the kill cut off");
                assertTrue(lost <= LOGINS / 10, "only requests in flight at the kill can be cut off: " + lost);
                assertEquals(count(db, "SELECT COUNT(*) FROM identity"), count(db, "SELECT COUNT(*) FROM user_profile"),
                        "no duplicated users");
                assertTrue(count(db, "SELECT COUNT(DISTINCT node_id) FROM async_operation") == 2, "both nodes ran logins");
                // How many logins were in flight on the killed node depends on the machine's speed (about half
                // of them, when the callbacks all arrive in the first second), so count the survivor's work.
                assertTrue(count(db, "SELECT COUNT(*) FROM async_operation WHERE node_id = 'node-2' AND async_operation_status_id = 2"
                        + " AND finished_at > " + killedAt) > 0, "the surviving node kept logging people in after the kill");
                assertTrue(ok >= LOGINS / 4, "a dead node costs its own logins, not everyone's: " + ok + " ok");
            } finally {
                node1.stopQuietly();
                node2.stopQuietly();
            }
        }
    }

    private static ServiceProcess node(int n, int port, String database, String baseUrl, Path dir) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", String.valueOf(port), "NODE_ID", "node-" + n,
                "DATABASE_URL", database, "BASE_URL", baseUrl));
        return new ServiceProcess(env, dir.resolve("node-" + n + ".log"));
    }

    private static void awaitUntil(Jdbi db, String countSql, int atLeast) {
        await(countSql + " >= " + atLeast).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> count(db, countSql), n -> n >= atLeast);
    }

    private static void awaitUntilZero(Jdbi db, String countSql, Duration timeout) {
        await(countSql + " = 0").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> count(db, countSql), n -> n == 0);
    }

    private static int count(Jdbi db, String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }
}
