package dev.oauthpreloader.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * A count from the database, asked at most once per {@code ttl}: a gauge is read on every scrape,
 * and several scrapers (or a tight test loop) should not turn into a query each.
 */
final class CachedCount {

    private final IntSupplier source;
    private final long ttlMillis;
    private final Clock clock;
    private long readAt = Long.MIN_VALUE;
    private double value = Double.NaN;

    CachedCount(IntSupplier source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The count, or NaN (Prometheus's "no value") while the database cannot answer. */
    synchronized double get() {
        long now = clock.millis();
        if (readAt != Long.MIN_VALUE && now - readAt < ttlMillis) return value;
        try {
            value = source.getAsInt();
        } catch (RuntimeException e) {
            value = Double.NaN;
        }
        readAt = now;
        return value;
    }
}
