package dev.oauthpreloader.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ServiceProcess;
import dev.oauthpreloader.support.VirtualUser;
import dev.oauthpreloader.support.VirtualUser.Outcome;
import dev.oauthpreloader.support.VirtualUser.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent logins through the whole flow against a slow, flaky simulated provider; then the
 * same with the service killed (-9) in the middle and restarted. Nothing may be lost, stuck or
 * duplicated.
 */
@Tag("slow")
class SoakTest {

    static final int LOGINS = 500;
    static final int CRASH_LOGINS = 200;

    @Test
    void five_hundred_concurrent_logins_all_finish_and_nothing_is_duplicated() throws Exception {
        try (RunningService service = RunningService.start()) {
            List<Result> results = run(service.baseUrl, LOGINS, Duration.ZERO, null);
            assertInvariants(service.db(), results);
            assertEquals(0, service.pendingCount());
        }
    }

    @Test
    void a_kill_9_in_the_middle_loses_nothing_after_a_restart() throws Exception {
        Path dir = Files.createTempDirectory("oauth-preloader-crash");
        int port = RunningService.freePort();
        String database = RunningService.testDatabaseUrl(dir);
        Map<String, String> env = Map.of("PORT", String.valueOf(port), "NODE_ID", "crash-node", "DATABASE_URL", database);
        ServiceProcess service = new ServiceProcess(env, dir.resolve("service.log")).start();
        try {
            List<Result> results = run(service.baseUrl(), CRASH_LOGINS, Duration.ofSeconds(60), () -> {
                // Kill once exchanges are under way, not after a fixed time: on a loaded machine
                // 1.5 s may pass before the first callback, and then there is nothing to interrupt.
                awaitPending(database, Duration.ofSeconds(30));
                service.kill();
                service.start();
            });
            Jdbi db = Jdbi.create(database);
            assertInvariants(db, results);
            int interrupted = db.withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM async_operation WHERE error_reason = 'interrupted'").mapTo(Integer.class).one());
            assertTrue(interrupted > 0, "the crash caught some logins mid-exchange");
        } finally {
            service.stopQuietly();
        }
    }

    /** Runs {@code count} virtual users at once (two per simulated person), with {@code meanwhile} on the side. */
    private static List<Result> run(String baseUrl, int count, Duration retryFor, Interruption meanwhile) throws Exception {
        OkHttpClient http = VirtualUser.sharedClient(count);
        Random random = new Random(42);
        ExecutorService users = Executors.newFixedThreadPool(count);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String user = person(i);
                int delay = 200 + random.nextInt(1801);
                String outcome = random.nextInt(10) == 0 ? "token_error" : "ok";
                futures.add(users.submit(() -> new VirtualUser(http, baseUrl, retryFor).login(user, delay, outcome)));
            }
            if (meanwhile != null) meanwhile.run();
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) results.add(f.get());
            return results;
        } finally {
            users.shutdownNow();
        }
    }

    private static void assertInvariants(Jdbi db, List<Result> results) {
        Map<Outcome, Long> outcomes = results.stream().collect(Collectors.groupingBy(Result::outcome, Collectors.counting()));
        List<Result> broken = results.stream().filter(r -> r.outcome() == Outcome.BROKEN && r.op() != null).toList();
        assertEquals(0, results.stream().mapToInt(Result::serverErrors).sum(), "no request got a 5xx");
        assertEquals(List.of(), broken, "every started login ended logged in or on an error page");
        int pending = count(db, "SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 1");
        int ok = count(db, "SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 2");
        int consumed = count(db, "SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL");
        assertEquals(0, pending, "nothing is left pending");
        assertEquals(ok, consumed, "every ok login was used to log in, once");
        long lost = outcomes.getOrDefault(Outcome.LOST_IN_CRASH, 0L);
        assertEquals(outcomes.getOrDefault(Outcome.LOGGED_IN, 0L) + lost, ok,
                "ok operations = people logged in, but for /success answers a kill cut off");
        assertTrue(lost <= results.size() / 10, "only requests in flight at a kill can be cut off: " + lost);
        int users = count(db, "SELECT COUNT(*) FROM user_profile");
        int identities = count(db, "SELECT COUNT(*) FROM identity");
        assertEquals(users, identities, "one user_profile per identity: none duplicated, none orphaned");
        assertOnePersonOneAccount(db, results);
    }

    /**
     * Each simulated person logs in twice at once, so both logins race to create the same account.
     * Every ok login of a person must have logged them into one and the same user_profile, the one
     * their identity (sim-{user}) belongs to, and no two people may share an account.
     */
    private static void assertOnePersonOneAccount(Jdbi db, List<Result> results) {
        Map<String, Long> accountOfOk = db.withHandle(h -> h.createQuery(
                        "SELECT public_id, user_profile_id FROM async_operation WHERE async_operation_status_id = 2")
                .map((rs, ctx) -> Map.entry(rs.getString("public_id"), rs.getLong("user_profile_id"))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Set<Long>> accountsByPerson = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            Long account = results.get(i).op() == null ? null : accountOfOk.get(results.get(i).op());
            if (account != null) accountsByPerson.computeIfAbsent(person(i), p -> new HashSet<>()).add(account);
        }
        assertTrue(accountsByPerson.size() > results.size() / 4, "most people got in: " + accountsByPerson.size());
        Map<Long, String> personByAccount = new HashMap<>();
        accountsByPerson.forEach((person, accounts) -> {
            assertEquals(1, accounts.size(), person + "'s logins landed in several accounts: " + accounts);
            long account = accounts.iterator().next();
            String other = personByAccount.put(account, person);
            assertEquals(null, other, person + " and " + other + " share account " + account);
            List<String> identities = db.withHandle(h -> h.createQuery(
                    "SELECT provider_user_id FROM identity WHERE user_profile_id = :id").bind("id", account).mapTo(String.class).list());
            assertEquals(List.of("sim-" + person), identities, "the account " + person + " logged into is theirs");
        });
        assertEquals(0, count(db, """
                SELECT COUNT(*) FROM async_operation o WHERE o.async_operation_status_id = 2
                AND NOT EXISTS (SELECT 1 FROM identity i WHERE i.user_profile_id = o.user_profile_id)"""),
                "no ok login went to an account without an identity");
    }

    /** The simulated person the i-th virtual user logs in as: two virtual users per person. */
    private static String person(int i) {
        return "soak" + (i / 2);
    }

    private static int count(Jdbi db, String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static void awaitPending(String database, Duration timeout) {
        Jdbi db = Jdbi.create(database);
        await("20 exchanges under way, for the kill to interrupt").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> count(db, "SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 1"), n -> n >= 20);
    }

    @FunctionalInterface
    interface Interruption {
        void run() throws Exception;
    }
}
