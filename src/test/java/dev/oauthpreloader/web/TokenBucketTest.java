package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bucket arithmetic and its memory bound, on a clock the test moves by hand. */
@Tag("unit")
class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void a_full_bucket_allows_a_burst_then_one_request_per_refill_interval() {
        TokenBucket buckets = new TokenBucket(60, 3, 100, now::get);
        for (int i = 0; i < 3; i++) assertEquals(0, buckets.take("a"));
        long wait = buckets.take("a");
        assertEquals(TimeUnit.SECONDS.toNanos(1), wait, 1_000, "one token a second at 60 a minute");
        advance(500);
        assertTrue(buckets.take("a") > 0, "half a token is not a token");
        advance(500);
        assertEquals(0, buckets.take("a"));
    }

    @Test
    void keys_are_independent() {
        TokenBucket buckets = new TokenBucket(60, 1, 100, now::get);
        assertEquals(0, buckets.take("a"));
        assertTrue(buckets.take("a") > 0);
        assertEquals(0, buckets.take("b"));
    }

    @Test
    void idle_keys_are_swept_once_their_bucket_has_refilled() {
        TokenBucket buckets = new TokenBucket(60, 2, 100, now::get);
        for (int i = 0; i < 50; i++) buckets.take("client-" + i);
        assertEquals(50, buckets.size());
        advance(3_000); // more than the 2 s an empty bucket needs to refill
        buckets.take("fresh");
        assertEquals(1, buckets.size(), "only the fresh key is left");
    }

    @Test
    void past_the_key_limit_memory_stays_bounded() {
        TokenBucket buckets = new TokenBucket(60, 1, 10, now::get);
        for (int i = 0; i < 1000; i++) buckets.take("flood-" + i);
        assertEquals(10, buckets.size());
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
