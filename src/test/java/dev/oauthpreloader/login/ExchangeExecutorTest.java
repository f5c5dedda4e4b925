package dev.oauthpreloader.login;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The two bounds: so many exchanges at once, so many more waiting, and a plain "no" beyond. */
@Tag("unit")
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
            await("the waiting one to run once a place is free").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(finished::get, n -> n == 3);
            assertTrue(executor.trySubmit(() -> finished.incrementAndGet()), "and there is room again");
        } finally {
            release.countDown();
            assertTrue(executor.shutdown(Duration.ofSeconds(5)));
        }
    }
}
