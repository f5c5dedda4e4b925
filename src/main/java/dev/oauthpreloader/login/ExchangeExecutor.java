package dev.oauthpreloader.login;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs exchanges. Bounded twice: a fixed number of threads, because each
 * blocks on a provider for as long as the provider likes, and a fixed queue, because a login that
 * would wait behind thousands of others is better refused at once ("busy") than left to time out.
 */
public final class ExchangeExecutor {

    private final ThreadPoolExecutor pool;

    public ExchangeExecutor(int threads, int queueCapacity) {
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, runnable -> {
            Thread thread = new Thread(runnable, "exchange-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** False when the pool and its queue are full, or the service is shutting down. */
    boolean trySubmit(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    public int active() {
        return pool.getActiveCount();
    }

    public int queued() {
        return pool.getQueue().size();
    }

    /**
     * Stops taking work and lets running exchanges finish for up to {@code grace}. Returns whether
     * all finished; whatever did not is still pending in the database for the caller to fail.
     */
    public boolean shutdown(Duration grace) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        return false;
    }
}
