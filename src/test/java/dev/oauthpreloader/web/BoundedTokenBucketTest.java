package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Past its bound the bucket map forgets the least recently seen client, in O(1) a request, and never pools newcomers. */
@Tag("unit")
class BoundedTokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void past_the_key_limit_each_newcomer_still_gets_a_bucket_of_its_own() {
        TokenBucket buckets = new TokenBucket(60, 1, 10, now::get);
        for (int i = 0; i < 10; i++) assertEquals(0, buckets.take("busy-" + i));
        assertEquals(0, buckets.take("newcomer-1"));
        assertEquals(0, buckets.take("newcomer-2"), "one newcomer's requests do not use up another's");
        assertTrue(buckets.take("newcomer-2") > 0, "and each is still limited");
        assertTrue(buckets.size() <= 10, "memory stays bounded: " + buckets.size());
    }

    @Test
    void a_client_that_keeps_asking_stays_limited_while_a_flood_of_one_off_clients_passes_through() {
        TokenBucket buckets = new TokenBucket(60, 1, 10, now::get);
        assertEquals(0, buckets.take("hammer"));
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, buckets.take("flood-" + i));
            assertTrue(buckets.take("hammer") > 0, "the flood did not reset the hammering client's bucket");
        }
        assertTrue(buckets.size() <= 10);
    }

    @Test
    void a_full_map_of_100000_clients_answers_each_newcomer_without_sweeping_the_whole_map() {
        TokenBucket buckets = new TokenBucket(30, 30, 100_000, now::get);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 100_000; i++) buckets.take("client-" + i);
            // Before: each of these swept all 100,000 buckets (10^10 steps); now each is O(1).
            for (int i = 0; i < 100_000; i++) assertEquals(0, buckets.take("newcomer-" + i));
        });
        assertTrue(buckets.size() <= 100_000);
    }

    @Test
    void an_idle_client_is_forgotten_once_its_bucket_has_refilled_and_a_busy_one_is_not() {
        TokenBucket buckets = new TokenBucket(60, 2, 100, now::get);
        buckets.take("idle");
        buckets.take("busy");
        for (int i = 0; i < 30; i++) {
            advance(100);
            buckets.take("busy");
        }
        assertEquals(1, buckets.size(), "idle for 3 s, more than the 2 s a bucket needs to refill");
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
