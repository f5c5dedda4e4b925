package dev.oauthpreloader.exchange;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs exchanges, bounded twice: a number at once, because each waits on a provider for as long as
 * the provider likes, and a number waiting for their turn. Admission follows the deadline: a login
 * whose exchange could not start early enough to finish before its deadline is refused at once,
 * with the time after which it is worth trying again, rather than left to fail at the deadline.
 *
 * <p>Every exchange gets a virtual thread of its own: an exchange spends nearly all its time
 * waiting on a provider, and a waiting virtual thread holds no OS thread, so a thousand slow
 * exchanges cost megabytes; the running bound is a semaphore they park on. Its default (2,000)
 * sits above what one node reaches (500 logins/s at a 2 s provider is 1,000 in flight), so it never
 * holds throughput below what the provider allows.
 */
public final class ExchangeExecutor {

    /** Until an exchange has finished, assume providers answer at once: admission then only counts places. */
    private static final double EWMA_WEIGHT = 0.1;

    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("exchange-", 1).factory());
    private final int maxRunning;
    private final int maxAdmitted;
    private final Semaphore running;
    private final Semaphore admitted;
    /** How long an exchange has recently taken, in nanoseconds: an exponentially weighted average. */
    private final AtomicLong typicalNanos = new AtomicLong();

    public ExchangeExecutor(int maxRunning, int maxWaiting) {
        this.maxRunning = maxRunning;
        this.maxAdmitted = maxRunning + maxWaiting;
        this.running = new Semaphore(maxRunning, true); // first come, first served
        this.admitted = new Semaphore(maxAdmitted);
    }

    /** Whether an exchange was taken; if not, how long until trying again is worth it. */
    public record Admission(boolean admitted, Duration retryAfter) {
        static final Admission TAKEN = new Admission(true, Duration.ZERO);
    }

    /**
     * Runs {@code task} if it can start soon enough to finish within {@code timeLeft}: with all
     * places taken, the k-th waiting exchange starts after about k / maxRunning typical exchanges.
     */
    public Admission submit(Runnable task, Duration timeLeft) {
        long typical = typicalNanos.get();
        long waitNanos = (long) ((double) Math.max(0, queued() + active() + 1 - maxRunning) / maxRunning * typical);
        // One that can start at once is always taken: a slow provider is not a queue.
        if (waitNanos > 0 && waitNanos + typical > timeLeft.toNanos()) return refused(waitNanos);
        if (!admitted.tryAcquire()) return refused(Math.max(waitNanos, typical));
        try {
            threads.execute(() -> runWhenAllowed(task));
            return Admission.TAKEN;
        } catch (RejectedExecutionException e) {
            admitted.release(); // shutting down
            return refused(TimeUnit.SECONDS.toNanos(5));
        }
    }

    private static Admission refused(long waitNanos) {
        return new Admission(false, Duration.ofSeconds(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999))));
    }

    private void runWhenAllowed(Runnable task) {
        try {
            running.acquire();
            long start = System.nanoTime();
            try {
                task.run();
            } finally {
                running.release();
                remember(System.nanoTime() - start);
            }
        } catch (InterruptedException e) {
            // Shutting down before its turn came: the row stays pending for the shutdown to fail.
            Thread.currentThread().interrupt();
        } finally {
            admitted.release();
        }
    }

    private void remember(long tookNanos) {
        typicalNanos.accumulateAndGet(tookNanos, (typical, took) ->
                typical == 0 ? took : (long) (typical + EWMA_WEIGHT * (took - typical)));
    }

    public int maxRunning() {
        return maxRunning;
    }

    public int maxWaiting() {
        return maxAdmitted - maxRunning;
    }

    public int active() {
        return maxRunning - running.availablePermits();
    }

    public int queued() {
        return Math.max(0, maxAdmitted - admitted.availablePermits() - active());
    }

    /**
     * Stops taking work and lets running exchanges finish for up to {@code grace}. Returns whether
     * all finished; whatever did not is still pending in the database for the caller to fail.
     */
    public boolean shutdown(Duration grace) {
        threads.shutdown();
        try {
            if (threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        return false;
    }
}
