package dev.oauthpreloader.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * p50, p90 and p99 of a set of durations by the nearest-rank method: each is a value that was
 * actually observed, so a page showing "p99 = 312 ms" points at a real login. Null with no data.
 */
public record Percentiles(int count, Long p50, Long p90, Long p99) {

    public static final Percentiles EMPTY = new Percentiles(0, null, null, null);

    /** Nulls (stages an operation never finished) are left out. */
    public static Percentiles of(Collection<Long> values) {
        List<Long> sorted = new ArrayList<>(values.stream().filter(Objects::nonNull).toList());
        if (sorted.isEmpty()) return EMPTY;
        sorted.sort(null);
        return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 90), rank(sorted, 99));
    }

    /** The smallest value with at least p% of the values at or below it. */
    static long rank(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
