package dev.oauthpreloader.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client address): each holds up to {@code capacity} tokens, refilled
 * at {@code perMinute} a minute, and a request takes one. Memory stays bounded: a bucket that has
 * refilled to the brim is the same as no bucket, so such idle keys are dropped on a sweep; and
 * past {@code maxKeys} live keys, newcomers share one overflow bucket instead of growing the map.
 */
public final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final long sweepEveryNanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;
    private volatile long lastSweep;

    public TokenBucket(int perMinute, int capacity, int maxKeys, LongSupplier nanoTime) {
        if (perMinute < 1 || capacity < 1 || maxKeys < 1) throw new IllegalArgumentException("limits must be positive");
        this.capacity = capacity;
        this.tokensPerNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
        this.sweepEveryNanos = (long) Math.ceil(capacity / tokensPerNano); // the time to refill an empty bucket
        long now = nanoTime.getAsLong();
        this.overflow = new Bucket(capacity, now);
        this.lastSweep = now;
    }

    /** Takes a token for {@code key}: 0 if it had one, otherwise how many nanoseconds until it will. */
    public long take(String key) {
        long now = nanoTime.getAsLong();
        if (now - lastSweep > sweepEveryNanos || buckets.size() >= maxKeys) sweep(now);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = buckets.size() >= maxKeys ? overflow : buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        }
        synchronized (bucket) {
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
        return buckets.size();
    }

    private void sweep(long now) {
        lastSweep = now;
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                bucket.refill(now);
                return bucket.tokens >= capacity;
            }
        });
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
