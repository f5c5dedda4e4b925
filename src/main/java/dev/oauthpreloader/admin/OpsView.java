package dev.oauthpreloader.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Everything templates/ops/index.jte shows, and how it writes times, durations and rates. */
public record OpsView(
        String nodeId,
        long now,
        int windowMinutes,
        List<TimedOperation> recent,
        List<ProviderSummary> providers,
        boolean windowTruncated,
        LatencyChart chart,
        StageBars stageBars,
        int exchangeActive,
        int exchangeThreads,
        int exchangeQueued,
        int exchangeQueueCapacity) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A duration in ms, or an en dash for one that was not measured. */
    public String ms(Long millis) {
        return millis == null ? "–" : String.valueOf(millis);
    }

    public String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
