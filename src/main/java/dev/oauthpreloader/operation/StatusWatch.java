package dev.oauthpreloader.operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets a /get-status request wait for an operation to change without holding a thread: the
 * request parks a future here, and whoever changes the row on this node (worker, reaper) completes
 * it. A future also completes when its wait runs out, and the request then answers what it finds.
 * With several nodes, a row may change on another node: its NOTIFY reaches {@link #changed} through
 * {@link ChangeNoticeListener}, which calls {@link #recheck} whenever notices may have been missed.
 *
 * <p>The operations this node's workers run are also kept here, as their worker last left them
 * ({@link #track}, {@link #advance}, {@link #finished}): a poll reads them from memory, and their
 * stages are never written to the database at all. They are the page's progress, not state anyone
 * else needs; the row gets the outcome, the stage reached and the timings when the worker ends.
 * Anything else that changes an operation (a cancel, the reaper, another node) goes through
 * {@link #changed}, which forgets it here: from then on it is read from the database, and its
 * worker, finding it forgotten, stops at its next stage.
 */
public final class StatusWatch {

    /** How long a finished operation is still answered from memory: the page's last poll comes within moments. */
    static final Duration FINISHED_KEPT = Duration.ofSeconds(10);

    /** How often finished operations past FINISHED_KEPT are forgotten: one wake-up a second, not one per login. */
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);

    private record Waiter(String seenState, CompletableFuture<Void> change) {
    }

    /** A finished operation answered from memory until {@code dueNanos}. */
    private record Kept(String publicId, Operation done, long dueNanos) {
    }

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Operation> live = new ConcurrentHashMap<>();
    /** In the order they finished, so they are due in that order too. */
    private final Queue<Kept> kept = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer;

    /**
     * @param timer ends waits that run out; give it the remove-on-cancel policy, so that a wait
     *              ended by a change leaves nothing behind to wake the timer later
     */
    public StatusWatch(ScheduledExecutorService timer) {
        this.timer = timer;
        timer.scheduleWithFixedDelay(this::forgetFinished, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes when {@code publicId} changes from {@code op}'s state, or after {@code maxWait}. */
    public CompletableFuture<Void> awaitChange(Operation op, Duration maxWait) {
        CompletableFuture<Void> change = new CompletableFuture<>();
        Waiter waiter = new Waiter(state(op), change);
        waiters.computeIfAbsent(op.publicId(), id -> ConcurrentHashMap.newKeySet()).add(waiter);
        ScheduledFuture<?> timeout = timer.schedule(() -> change.complete(null), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        change.whenComplete((v, e) -> {
            timeout.cancel(false);
            waiters.computeIfPresent(op.publicId(), (id, set) -> {
                set.remove(waiter);
                return set.isEmpty() ? null : set;
            });
        });
        return change;
    }

    /** Something other than its worker changed the operation's row: read it from the database from now on. */
    public void changed(String publicId) {
        live.remove(publicId);
        wake(publicId);
    }

    /** A pending operation whose worker runs on this node, before its job is queued. */
    public void track(Operation pending) {
        live.put(pending.publicId(), pending);
    }

    /** The operation as its worker on this node last left it; empty if it runs elsewhere or something else changed it. */
    public Optional<Operation> live(String publicId) {
        return Optional.ofNullable(live.get(publicId));
    }

    /** The worker reached {@code stage}; false if the operation was ended meanwhile (cancel, reaper), and the worker should stop. */
    public boolean advance(String publicId, Stage stage) {
        Operation moved = live.computeIfPresent(publicId, (id, op) -> op.isFinished() ? op : op.at(stage));
        if (moved == null || moved.isFinished()) return false;
        wake(publicId);
        return true;
    }

    /**
     * The worker wrote its outcome to the row: ok for {@code userId}, or failed with {@code reason}.
     * Answered from memory for a little while, then from the row.
     */
    public void finished(String publicId, Long userId, FailureReason reason, long now) {
        Operation done = live.computeIfPresent(publicId, (id, op) -> op.ended(userId, reason, now));
        if (done == null) return;
        wake(publicId);
        kept.add(new Kept(publicId, done, System.nanoTime() + FINISHED_KEPT.toNanos()));
    }

    private void forgetFinished() {
        long now = System.nanoTime();
        for (Kept next = kept.peek(); next != null && next.dueNanos() - now <= 0; next = kept.peek()) {
            kept.poll();
            live.remove(next.publicId(), next.done());
        }
    }

    private void wake(String publicId) {
        Set<Waiter> set = waiters.remove(publicId);
        if (set != null) set.forEach(w -> w.change().complete(null));
    }

    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Re-reads the watched operations and wakes the waiters whose operation changed meanwhile. The
     * row of one that runs here holds no stages: only an end that its worker did not write counts.
     */
    void recheck(OperationStore operations) {
        try {
            List<String> ids = new ArrayList<>(waiters.keySet());
            for (int from = 0; from < ids.size(); from += 500) {
                for (Operation op : operations.findAll(ids.subList(from, Math.min(ids.size(), from + 500)))) {
                    Operation here = live.get(op.publicId());
                    Set<Waiter> set = waiters.get(op.publicId());
                    boolean changed = here != null ? op.isFinished() && !here.isFinished()
                            : set != null && set.stream().anyMatch(w -> !w.seenState().equals(state(op)));
                    if (changed) changed(op.publicId());
                }
            }
        } catch (RuntimeException e) {
            // the database is unreachable too: the next attempt re-reads, and a waiter ends by its own timeout
        }
    }

    private static String state(Operation op) {
        return op.status().code + "/" + op.stage().code;
    }
}
