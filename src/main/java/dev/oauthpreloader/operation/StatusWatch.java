package dev.oauthpreloader.operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets a /get-status request wait for an operation to change without holding a thread: the
 * request parks a future here, and whoever changes the row on this node (worker, reaper) completes
 * it. A future also completes when its wait runs out, and the request then answers what it finds.
 * With several nodes, a row may change on another node: its NOTIFY reaches {@link #changed} through
 * {@link ChangeNoticeListener}, which calls {@link #recheck} whenever notices may have been missed.
 */
public final class StatusWatch {

    private record Waiter(String seenState, CompletableFuture<Void> change) {
    }

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public StatusWatch(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Completes when {@code publicId} changes from {@code op}'s state, or after {@code maxWait}. */
    public CompletableFuture<Void> awaitChange(Operation op, Duration maxWait) {
        CompletableFuture<Void> change = new CompletableFuture<>();
        Waiter waiter = new Waiter(state(op), change);
        waiters.computeIfAbsent(op.publicId(), id -> ConcurrentHashMap.newKeySet()).add(waiter);
        timer.schedule(() -> change.complete(null), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        change.whenComplete((v, e) -> waiters.computeIfPresent(op.publicId(), (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        }));
        return change;
    }

    public void changed(String publicId) {
        Set<Waiter> set = waiters.remove(publicId);
        if (set != null) set.forEach(w -> w.change().complete(null));
    }

    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    /** Re-reads the watched operations and wakes the waiters whose operation changed meanwhile. */
    void recheck(OperationStore operations) {
        try {
            List<String> ids = new ArrayList<>(waiters.keySet());
            for (int from = 0; from < ids.size(); from += 500) {
                for (Operation op : operations.findAll(ids.subList(from, Math.min(ids.size(), from + 500)))) {
                    Set<Waiter> set = waiters.get(op.publicId());
                    if (set != null && set.stream().anyMatch(w -> !w.seenState().equals(state(op)))) changed(op.publicId());
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
