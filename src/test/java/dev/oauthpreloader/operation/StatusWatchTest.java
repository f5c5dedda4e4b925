package dev.oauthpreloader.operation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A /get-status wait parks here until its operation changes, or its own longest wait runs out. */
@Tag("unit")
class StatusWatchTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final StatusWatch watch = new StatusWatch(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void a_waiting_request_is_woken_as_soon_as_its_operation_changes() {
        Operation op = pending(Tokens.random());
        CompletableFuture<Void> change = watch.awaitChange(op, Duration.ofSeconds(30));
        assertFalse(change.isDone(), "nothing changed yet");
        watch.changed(op.publicId());
        assertTrue(change.isDone(), "woken by the change itself, not by a timer");
    }

    @Test
    void a_change_to_another_operation_wakes_nobody_else() {
        Operation mine = pending(Tokens.random());
        CompletableFuture<Void> change = watch.awaitChange(mine, Duration.ofSeconds(30));
        watch.changed(Tokens.random());
        assertFalse(change.isDone());
    }

    @Test
    void a_wait_ends_by_itself_once_its_longest_wait_has_run_out_and_not_before() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Void> change = watch.awaitChange(pending(Tokens.random()), Duration.ofMillis(150));
        change.get(5, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 150, "not before the wait ran out");
    }

    @Test
    void every_waiter_on_an_operation_is_woken_and_no_finished_wait_is_kept() {
        Operation op = pending(Tokens.random());
        CompletableFuture<Void> first = watch.awaitChange(op, Duration.ofSeconds(30));
        CompletableFuture<Void> second = watch.awaitChange(op, Duration.ofSeconds(30));
        CompletableFuture<Void> other = watch.awaitChange(pending(Tokens.random()), Duration.ofMillis(100));
        assertEquals(3, watch.waiting());

        watch.changed(op.publicId());
        assertTrue(first.isDone() && second.isDone(), "both requests of the same login are answered");
        assertEquals(1, watch.waiting(), "the woken waits are forgotten");
        await("the other wait to run out").atMost(Duration.ofSeconds(5)).until(other::isDone);
        assertEquals(0, watch.waiting(), "so is a wait that ran out: nothing piles up");
    }

    @Test
    void a_wait_answered_by_a_change_leaves_no_timeout_behind_to_wake_the_timer_later() {
        ScheduledThreadPoolExecutor ownTimer = new ScheduledThreadPoolExecutor(1);
        ownTimer.setRemoveOnCancelPolicy(true); // as App makes it
        try {
            StatusWatch ownWatch = new StatusWatch(ownTimer);
            int before = ownTimer.getQueue().size(); // the watch's own periodic sweep
            Operation op = pending(Tokens.random());
            ownWatch.awaitChange(op, Duration.ofSeconds(30));
            assertEquals(before + 1, ownTimer.getQueue().size(), "the wait's timeout is queued");
            ownWatch.changed(op.publicId());
            assertEquals(before, ownTimer.getQueue().size(), "and gone once a change answered the wait");
        } finally {
            ownTimer.shutdownNow();
        }
    }

    @Test
    void a_recheck_wakes_the_waiters_whose_row_another_node_changed_and_leaves_an_unchanged_one_waiting() throws Exception {
        Path dir = Files.createTempDirectory("oauth-preloader-watch");
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("w.db"))) {
            OperationStore here = new OperationStore(database.jdbi(), "here");
            OperationStore elsewhere = new OperationStore(database.jdbi(), "elsewhere");
            long now = System.currentTimeMillis();
            String finishing = Tokens.random();
            String advancing = Tokens.random();
            String untouched = Tokens.random();
            for (String id : new String[] {finishing, advancing, untouched}) elsewhere.insertPending(id, "simulator", "b", now, now + 30_000);
            CompletableFuture<Void> finished = watch.awaitChange(here.find(finishing).orElseThrow(), Duration.ofSeconds(30));
            CompletableFuture<Void> advanced = watch.awaitChange(here.find(advancing).orElseThrow(), Duration.ofSeconds(30));
            CompletableFuture<Void> waiting = watch.awaitChange(here.find(untouched).orElseThrow(), Duration.ofSeconds(30));

            // Another node's store tells nobody here: only the watch's own reads can see these changes.
            elsewhere.fail(finishing, FailureReason.TIMEOUT, now);
            elsewhere.advance(advancing, Stage.FETCHING_PROFILE, StageTimings.NONE);
            watch.recheck(here);
            assertTrue(finished.isDone() && advanced.isDone(), "the re-read sees the other node's changes");
            assertFalse(waiting.isDone(), "an unchanged row stays waiting");
        }
    }

    private static Operation pending(String publicId) {
        long now = System.currentTimeMillis();
        return new Operation(publicId, OperationStatus.PENDING, "simulator", Stage.EXCHANGING_CODE, null, null, "binding",
                now, now + 30_000, null, null, Operation.LOGIN);
    }
}
