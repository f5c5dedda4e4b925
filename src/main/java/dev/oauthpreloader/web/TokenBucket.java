package dev.oauthpreloader.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client): each holds up to {@code capacity} tokens, refilled at
 * {@code perMinute} a minute, and a request takes one.
 *
 * <p>Memory stays bounded at {@code maxKeys} with O(1) work per request. The keys live in
 * access-ordered maps (split into stripes, each under its own lock, so that busy request threads
 * rarely wait on one another): the least recently seen key is at the head. A bucket idle long enough
 * to refill is the same as no bucket, so each request drops such keys from the head; each key is
 * dropped once, so that is amortised O(1). Past the bound the least recently seen key is forgotten:
 * a client that keeps asking is always recent and stays limited, while a flood of one-off
 * newcomers only pushes out one another and quiet clients (who then start afresh, full).
 */
public final class TokenBucket {

    /** Enough stripes that 250 request threads rarely share a lock; small maps get one, so the bound stays exact. */
    private static final int STRIPES = 16;

    private final double capacity;
    private final double tokensPerNano;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    private final Stripe[] stripes;

    public TokenBucket(int perMinute, int capacity, int maxKeys, LongSupplier nanoTime) {
        if (perMinute < 1 || capacity < 1 || maxKeys < 1) throw new IllegalArgumentException("limits must be positive");
        this.capacity = capacity;
        this.tokensPerNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.refillNanos = (long) Math.ceil(capacity / tokensPerNano); // the time to refill an empty bucket
        this.nanoTime = nanoTime;
        int count = maxKeys >= STRIPES * 64 ? STRIPES : 1;
        this.stripes = new Stripe[count];
        for (int i = 0; i < count; i++) stripes[i] = new Stripe(maxKeys / count + (i < maxKeys % count ? 1 : 0));
    }

    /** Takes a token for {@code key}: 0 if it had one, otherwise how many nanoseconds until it will. */
    public long take(String key) {
        long now = nanoTime.getAsLong();
        Stripe stripe = stripes[Math.floorMod(key.hashCode() * 0x9E3779B9, stripes.length)];
        synchronized (stripe) {
            stripe.forgetIdle(now);
            Bucket bucket = stripe.get(key); // and makes it the most recently seen
            if (bucket == null) {
                bucket = new Bucket(capacity, now);
                stripe.put(key, bucket); // evicts the least recently seen key past the bound
            }
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano));
        }
    }

    /** How many keys are tracked now (for tests of the memory bound). */
    public int size() {
        long now = nanoTime.getAsLong();
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                stripe.forgetIdle(now);
                size += stripe.size();
            }
        }
        return size;
    }

    private final class Stripe extends LinkedHashMap<String, Bucket> {
        private final int maxKeys;

        Stripe(int maxKeys) {
            super(16, 0.75f, true);
            this.maxKeys = maxKeys;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxKeys;
        }

        /** Drops keys from the head, least recently seen first, while their buckets have had time to refill. */
        void forgetIdle(long now) {
            Iterator<Bucket> oldestFirst = values().iterator();
            while (oldestFirst.hasNext() && now - oldestFirst.next().updated >= refillNanos) oldestFirst.remove();
        }
    }

    private final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now) {
            if (now > updated) {
                tokens = Math.min(capacity, tokens + (now - updated) * tokensPerNano);
                updated = now;
            }
        }
    }
}
