package dev.oauthpreloader.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a scatter plot of total login time over a window, one dot per finished login,
 * computed here so the template only writes SVG elements: the page's CSP allows no inline script
 * or style, and no chart library from elsewhere.
 */
public record LatencyChart(int width, int height, int left, int top, int plotWidth, int plotHeight,
                           List<Dot> dots, List<Tick> yTicks, List<Tick> xTicks) {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    static final int LEFT = 64;
    static final int RIGHT = 24;
    static final int TOP = 10;
    static final int BOTTOM = 28;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** One login: where it sits, ok or error, and the tooltip text. */
    public record Dot(double x, double y, String outcome, String title) {
    }

    /** An axis mark at {@code position} (x or y in chart coordinates). */
    public record Tick(double position, String label) {
    }

    public static LatencyChart of(List<TimedOperation> operations, long windowStart, long windowEnd) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        long maxMs = niceCeiling(operations.stream().map(TimedOperation::totalMs)
                .filter(v -> v != null).mapToLong(Long::longValue).max().orElse(0));
        double span = Math.max(1, windowEnd - windowStart);

        List<Dot> dots = new ArrayList<>();
        for (TimedOperation op : operations) {
            Long total = op.totalMs();
            if (total == null || op.createdAt() < windowStart) continue;
            double x = LEFT + (op.createdAt() - windowStart) / span * plotWidth;
            double y = TOP + plotHeight - Math.min(total, maxMs) / (double) maxMs * plotHeight;
            String title = op.provider() + " · " + total + " ms · " + op.status()
                    + (op.reason() == null ? "" : " (" + op.reason() + ")") + " · " + op.shortId();
            dots.add(new Dot(round(x), round(y), op.isCancelled() ? "cancelled" : op.status(), title));
        }

        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            long value = maxMs * i / 4;
            yTicks.add(new Tick(round(TOP + plotHeight - plotHeight * i / 4.0), formatMs(value)));
        }
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i <= 6; i++) {
            long at = windowStart + (long) (span * i / 6);
            xTicks.add(new Tick(round(LEFT + plotWidth * i / 6.0), CLOCK.format(Instant.ofEpochMilli(at))));
        }
        return new LatencyChart(WIDTH, HEIGHT, LEFT, TOP, plotWidth, plotHeight, dots, yTicks, xTicks);
    }

    /** 1, 2 or 5 times a power of ten, at least 100 ms, so the axis reads in round numbers. */
    static long niceCeiling(long value) {
        long nice = 100;
        while (nice < value) {
            if (nice * 2 >= value) return nice * 2;
            if (nice * 5 >= value) return nice * 5;
            nice *= 10;
        }
        return nice;
    }

    static String formatMs(long ms) {
        return ms >= 1000 && ms % 1000 == 0 ? ms / 1000 + " s" : ms >= 1000 ? ms / 1000.0 + " s" : ms + " ms";
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
