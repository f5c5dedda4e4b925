package dev.oauthpreloader.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bounds: so many exchanges at once, so many more waiting, none that could not finish before its deadline. */
@Tag("unit")
class ExchangeExecutorTest {

    private static final Duration LONG = Duration.ofSeconds(30);

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
            assertTrue(executor.submit(slow, LONG).admitted());
            assertTrue(executor.submit(slow, LONG).admitted());
            assertTrue(twoStarted.await(5, TimeUnit.SECONDS));
            assertTrue(executor.submit(slow, LONG).admitted(), "one may wait");
            assertFalse(executor.submit(slow, LONG).admitted(), "a fourth is refused at once");
            assertEquals(2, executor.active());
            assertEquals(1, executor.queued());

            release.countDown();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (finished.get() < 3 && System.nanoTime() < giveUp) Thread.sleep(10);
            assertEquals(3, finished.get(), "the waiting one ran once a place was free");
            assertTrue(executor.submit(() -> finished.incrementAndGet(), LONG).admitted(), "and there is room again");
        } finally {
            release.countDown();
            assertTrue(executor.shutdown(Duration.ofSeconds(5)));
        }
    }

    @Test
    void a_login_that_could_not_finish_before_its_deadline_is_refused_at_once_with_a_time_to_try_again() throws Exception {
        ExchangeExecutor executor = new ExchangeExecutor(1, 10);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try {
            assertTrue(executor.submit(() -> {
                sleep(300);
                done.countDown();
            }, LONG).admitted());
            assertTrue(done.await(5, TimeUnit.SECONDS)); // the executor now expects an exchange to take about 300 ms
            Thread.sleep(50);
            assertTrue(executor.submit(() -> await(release), LONG).admitted(), "the only place is taken");

            ExchangeExecutor.Admission late = executor.submit(() -> { }, Duration.ofMillis(200));
            assertFalse(late.admitted(), "300 ms of exchange do not fit in the 200 ms left");
            assertTrue(late.retryAfter().toSeconds() >= 1, late.toString());
            assertTrue(executor.submit(() -> { }, LONG).admitted(), "with time enough it waits for its turn");
        } finally {
            release.countDown();
            assertTrue(executor.shutdown(Duration.ofSeconds(5)));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
