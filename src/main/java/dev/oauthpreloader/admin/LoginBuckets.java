package dev.oauthpreloader.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The histogram buckets of login and stage durations: a dozen bounds a person would tell apart,
 * from 50 ms (a local provider) to the login deadline (the reaper's cut), instead of Micrometer's
 * percentile histogram, which writes some 70 buckets per series.
 */
final class LoginBuckets {

    private static final long[] LADDER_MS = {50, 100, 250, 500, 1_000, 2_000, 3_000, 5_000, 10_000, 15_000, 20_000,
            30_000, 60_000, 120_000, 300_000, 600_000};

    private LoginBuckets() {
    }

    /** The ladder's bounds below the deadline, then the deadline itself. */
    static Duration[] upTo(Duration deadline) {
        List<Duration> bounds = new ArrayList<>();
        for (long ms : LADDER_MS) if (ms < deadline.toMillis()) bounds.add(Duration.ofMillis(ms));
        bounds.add(deadline);
        return bounds.toArray(Duration[]::new);
    }
}
