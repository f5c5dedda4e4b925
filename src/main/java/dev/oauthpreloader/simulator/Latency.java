package dev.oauthpreloader.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How long an endpoint takes: a fixed time, or a log-normal distribution fitted to a median and a
 * 99th percentile (provider latencies are skewed: most answers are quick, a few are very slow).
 */
public record Latency(long medianMs, long p99Ms) {

    public static final Latency NONE = new Latency(0, 0);
    /** The standard normal's 99th percentile: p99 = median * exp(Z99 * sigma). */
    private static final double Z99 = 2.3263478740408408;

    public static Latency fixed(long ms) {
        return new Latency(ms, ms);
    }

    public boolean isFixed() {
        return medianMs == p99Ms;
    }

    public long draw(RandomGenerator random) {
        if (isFixed() || medianMs == 0) return medianMs;
        double sigma = Math.log((double) p99Ms / medianMs) / Z99;
        return Math.round(medianMs * Math.exp(sigma * random.nextGaussian()));
    }

    Object toJson() {
        if (isFixed()) return medianMs;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("median_ms", medianMs);
        json.put("p99_ms", p99Ms);
        return json;
    }
}
