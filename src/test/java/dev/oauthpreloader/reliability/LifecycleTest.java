package dev.oauthpreloader.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.RetentionCleaner;
import dev.oauthpreloader.storage.Database;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ServiceProcess;
import dev.oauthpreloader.support.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A full pool, a graceful stop, and old rows: each ends the way the README's "Failure behaviour" says. */
class LifecycleTest {

    @Test
    void a_full_exchange_pool_refuses_a_new_login_at_once_as_busy() {
        try (RunningService service = RunningService.start(Map.of("EXCHANGE_THREADS", "1", "EXCHANGE_QUEUE", "0"))) {
            LoginDriver first = service.newPerson();
            String slow = LoginDriver.operationInAddress(first.simulatorLogin("user=slow&delay=1500&auto=1"));
            LoginDriver second = service.newPerson();
            Page busy = second.simulatorLogin("user=late&auto=1");
            assertEquals(503, busy.status(), "refused at the callback, not left to fail at its deadline");
            assertTrue(busy.body().contains("busy right now"), busy.body());
            assertTrue(Integer.parseInt(busy.header("Retry-After")) >= 1, "and says when to try again");
            Status status = second.currentStatus();
            assertEquals("error", status.status(), status.toString());
            assertEquals("busy", status.reason(), status.toString());
            String refused = status.next().replaceFirst(".*op=", "");
            assertEquals("busy", service.reasonOf(refused));
            assertTrue(second.error(refused).body().contains("busy right now"));
            assertEquals("ok", first.awaitFinished(slow).status(), "the running login is unaffected");
        }
    }

    @Test
    @Tag("slow") // a service of its own in a child JVM
    void sigterm_stops_taking_logins_and_fails_what_cannot_finish_in_the_grace_period() throws Exception {
        Path dir = Files.createTempDirectory("oauth-preloader-term");
        int port = RunningService.freePort();
        FakeProvider provider = new FakeProvider();
        provider.token(FakeProvider::hang);
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.putAll(Map.of("PORT", String.valueOf(port), "NODE_ID", "term-node", "SHUTDOWN_GRACE_SECONDS", "1",
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("term.db")));
        ServiceProcess service = new ServiceProcess(env, dir.resolve("service.log")).start();
        try (provider) {
            String hanging = new LoginDriver(Browser.at(service.baseUrl())).returnWithCode("mock", "c");
            long start = System.nanoTime();
            assertEquals(143, service.terminate(Duration.ofSeconds(20)), "exits as terminated by SIGTERM");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, "stops within the grace period, not the deadline");
            Jdbi db = Jdbi.create("jdbc:sqlite:" + dir.resolve("term.db"));
            String reason = db.withHandle(h -> h.createQuery("SELECT error_reason FROM async_operation WHERE public_id = :id")
                    .bind("id", hanging).mapTo(String.class).one());
            assertEquals("interrupted", reason);
        } finally {
            service.stopQuietly();
        }
    }

    @Test
    @Tag("unit") // RetentionCleaner on a SQLite file of its own: nothing to repeat on PostgreSQL
    void finished_operations_past_the_retention_period_are_deleted_and_pending_ones_kept() throws Exception {
        Path dir = Files.createTempDirectory("oauth-preloader-retention");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("r.db"))) {
            OperationStore operations = new OperationStore(database.jdbi(), "n1");
            long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
            String old = Tokens.random();
            String oldPending = Tokens.random();
            String recent = Tokens.random();
            operations.insertPending(old, "simulator", "b", eightDaysAgo, eightDaysAgo + 30_000);
            operations.fail(old, dev.oauthpreloader.operation.FailureReason.TIMEOUT, eightDaysAgo + 30_000);
            operations.insertPending(oldPending, "simulator", "b", eightDaysAgo, eightDaysAgo + 30_000);
            operations.insertPending(recent, "simulator", "b", System.currentTimeMillis(), System.currentTimeMillis() + 30_000);
            operations.fail(recent, dev.oauthpreloader.operation.FailureReason.TIMEOUT, System.currentTimeMillis());

            new RetentionCleaner(operations, Duration.ofDays(7), Clock.systemUTC()).run();

            assertTrue(operations.find(old).isEmpty(), "an 8-day-old finished operation is gone");
            assertTrue(operations.find(recent).isPresent());
            assertTrue(operations.find(oldPending).isPresent(), "the reaper, not retention, decides pending rows");
        }
    }
}
