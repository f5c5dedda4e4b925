package dev.oauthpreloader.exchange;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs exchanges, bounded twice: a fixed number at once, because each waits on a provider for as
 * long as the provider likes, and a fixed number waiting, because a login that would wait behind
 * thousands of others is better refused at once ("busy") than left to time out.
 *
 * <p>Every exchange gets a virtual thread of its own: an exchange spends nearly all its time
 * waiting on a provider, and a waiting virtual thread holds no OS thread, so thousands of slow
 * exchanges cost megabytes. Virtual threads are not pooled (an idle pooled one keeps its stack and
 * thread-locals); the bound is a semaphore that waiting exchanges park on.
 */
public final class ExchangeExecutor {

    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("exchange-", 1).factory());
    private final int maxRunning;
    private final int maxAdmitted;
    private final Semaphore running;
    private final Semaphore admitted;

    public ExchangeExecutor(int maxRunning, int maxWaiting) {
        this.maxRunning = maxRunning;
        this.maxAdmitted = maxRunning + maxWaiting;
        this.running = new Semaphore(maxRunning, true); // first come, first served
        this.admitted = new Semaphore(maxAdmitted);
    }

    /** False when as many exchanges as allowed are running and waiting, or the service is shutting down. */
    public boolean trySubmit(Runnable task) {
        if (!admitted.tryAcquire()) return false;
        try {
            threads.execute(() -> runWhenAllowed(task));
            return true;
        } catch (RejectedExecutionException e) {
            admitted.release();
            return false;
        }
    }
    private void runWhenAllowed(Runnable task) {
        try {
            running.acquire();
            try {
                task.run();
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            // Shutting down before its turn came: the row stays pending for the shutdown to fail.
            Thread.currentThread().interrupt();
        } finally {
            admitted.release();
        }
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
