package dev.oauthpreloader.login;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs exchanges. Bounded twice: a fixed number of exchanges at once, because
 * each waits on a provider for as long as the provider likes, and a fixed queue, because a login
 * that would wait behind thousands of others is better refused at once ("busy") than left to time out.
 */
public final class ExchangeExecutor {

    private final ThreadPoolExecutor pool;

    public ExchangeExecutor(int threads, int queueCapacity) {
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, threadFactory(),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Virtual threads where the runtime has them (Java 21+): an exchange spends nearly all its time
     * waiting on a provider, and a waiting virtual thread holds no OS thread, so thousands of slow
     * exchanges cost megabytes, not gigabytes. On Java 17, ordinary daemon threads.
     */
    private static ThreadFactory threadFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "exchange-", 1L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "exchange-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }

    /** Whether exchanges run on virtual threads (Java 21+). */
    public static boolean virtualThreads() {
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
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
