package dev.oauthpreloader.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the time goes, per provider: one horizontal bar of median stage times (waiting for a
 * worker, token exchange, profile fetch, saving), stacked, drawn as SVG rectangles by the template.
 */
public record StageBars(int width, int height, List<Bar> bars) {

    static final int WIDTH = 720;
    static final int LABEL = 120;
    static final int ROW = 28;
    static final String[] STAGES = {"queue", "token", "profile", "save"};

    /** One provider's row. */
    public record Bar(String provider, double y, List<Segment> segments, String total) {
    }

    /** One stage's share of a bar; {@code stage} is also its CSS class. */
    public record Segment(String stage, double x, double width, String title) {
    }

    public static StageBars of(List<ProviderSummary> summaries) {
        long max = 1;
        for (ProviderSummary s : summaries) max = Math.max(max, sum(medians(s)));
        double scale = (WIDTH - LABEL - 80) / (double) max;
        List<Bar> bars = new ArrayList<>();
        for (ProviderSummary summary : summaries) {
            long[] medians = medians(summary);
            double x = LABEL;
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < STAGES.length; i++) {
                double w = medians[i] * scale;
                segments.add(new Segment(STAGES[i], Math.round(x * 10) / 10.0, Math.round(w * 10) / 10.0,
                        summary.provider() + " · " + STAGES[i] + " p50 " + medians[i] + " ms"));
                x += w;
            }
            bars.add(new Bar(summary.provider(), bars.size() * ROW, segments, sum(medians) + " ms"));
        }
        return new StageBars(WIDTH, Math.max(ROW, bars.size() * ROW), bars);
    }

    private static long[] medians(ProviderSummary s) {
        return new long[] {orZero(s.queue().p50()), orZero(s.token().p50()), orZero(s.profile().p50()), orZero(s.save().p50())};
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) sum += v;
        return sum;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
