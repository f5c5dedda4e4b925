package dev.oauthpreloader.operation;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets a /get-status request wait for an operation to change without holding a thread: the
 * request parks a future here, and whoever changes the row (worker, reaper) completes it.
 * A future also completes when its wait runs out, and the request then answers what it finds.
 */
public final class StatusWatch {

    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public StatusWatch(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public CompletableFuture<Void> awaitChange(String publicId, Duration maxWait) {
        CompletableFuture<Void> change = new CompletableFuture<>();
        waiters.computeIfAbsent(publicId, id -> ConcurrentHashMap.newKeySet()).add(change);
        timer.schedule(() -> change.complete(null), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        change.whenComplete((v, e) -> waiters.computeIfPresent(publicId, (id, set) -> {
            set.remove(change);
            return set.isEmpty() ? null : set;
        }));
        return change;
    }

    public void changed(String publicId) {
        Set<CompletableFuture<Void>> set = waiters.remove(publicId);
        if (set != null) set.forEach(f -> f.complete(null));
    }

    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }
}
