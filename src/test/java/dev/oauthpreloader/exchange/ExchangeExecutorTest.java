package dev.oauthpreloader.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The two bounds: so many exchanges at once, so many more waiting, and a plain "no" beyond. */
class ExchangeExecutorTest {

    @Test
    void runs_two_at_once_holds_one_waiting_and_refuses_the_fourth_until_one_finishes() throws Exception {
        ExchangeExecutor executor = new ExchangeExecutor(2, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoStarted = new CountDownLatch(2);
        AtomicInteger finished = new AtomicInteger();
        Runnable slow = () -> {
            twoStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        };
        try {
            assertTrue(executor.trySubmit(slow));
            assertTrue(executor.trySubmit(slow));
            assertTrue(twoStarted.await(5, TimeUnit.SECONDS));
            assertTrue(executor.trySubmit(slow), "one may wait");
            assertFalse(executor.trySubmit(slow), "a fourth is refused at once");
            assertEquals(2, executor.active());
            assertEquals(1, executor.queued());

            release.countDown();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (finished.get() < 3 && System.nanoTime() < giveUp) Thread.sleep(10);
            assertEquals(3, finished.get(), "the waiting one ran once a place was free");
            assertTrue(executor.trySubmit(() -> finished.incrementAndGet()), "and there is room again");
        } finally {
            release.countDown();
            assertTrue(executor.shutdown(Duration.ofSeconds(5)));
        }
    }
}
