package dev.oauthpreloader.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Latency per endpoint and a rate per fault, applied to every login: what a load test sets once
 * instead of scripting each login. Written as JSON, in SIMULATOR_PROFILE or PUT /simulator/profile:
 * <pre>{"latency": {"token": 200, "userinfo": {"median_ms": 50, "p99_ms": 400}},
 *  "faults": {"token_error": 0.05, "rate_limited": 0.01}, "auto": true}</pre>
 *
 * @param auto every authorization request is decided at once, as with {@code auto=1}: for load
 *             tests through clients that cannot add the simulator's own parameters
 */
public record FaultProfile(Map<Endpoint, Latency> latency, Map<SimulatedOutcome, Double> faults, boolean auto) {

    public static final FaultProfile NONE = new FaultProfile(Map.of(), Map.of(), false);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINTS = Arrays.stream(Endpoint.values()).map(e -> e.code).collect(Collectors.joining(", "));
    private static final String FAULTS = Arrays.stream(SimulatedOutcome.values()).filter(o -> o != SimulatedOutcome.OK)
            .map(o -> o.code).collect(Collectors.joining(", "));

    public FaultProfile {
        latency = Map.copyOf(latency);
        faults = Map.copyOf(faults);
    }

    public Latency latencyOf(Endpoint endpoint) {
        return latency.getOrDefault(endpoint, Latency.NONE);
    }

    /** One login's fault, drawn by the rates: at most one fault per login. */
    public SimulatedOutcome draw(RandomGenerator random) {
        double u = random.nextDouble();
        for (SimulatedOutcome outcome : SimulatedOutcome.values()) {
            Double rate = faults.get(outcome);
            if (rate == null) continue;
            if (u < rate) return outcome;
            u -= rate;
        }
        return SimulatedOutcome.OK;
    }

    /**
     * @param maxDelayMs the longest latency allowed here (below the service's login deadline when embedded)
     * @throws IllegalArgumentException with a sentence naming the bad field
     */
    public static FaultProfile parse(String text, long maxDelayMs) {
        if (text == null || text.isBlank()) return NONE;
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the profile must be a JSON object, such as {\"latency\": {\"token\": 200}}");
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the profile must be a JSON object");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("latency") && !name.equals("faults") && !name.equals("auto")) {
                throw new IllegalArgumentException("the profile has only \"latency\", \"faults\" and \"auto\", not \"" + name + "\"");
            }
        }
        Map<Endpoint, Latency> latency = new EnumMap<>(Endpoint.class);
        for (Map.Entry<String, JsonNode> entry : fields(root.get("latency"), "latency")) {
            Endpoint endpoint = Endpoint.byCode(entry.getKey());
            if (endpoint == null) {
                throw new IllegalArgumentException("latency." + entry.getKey() + " is not an endpoint; use one of: " + ENDPOINTS);
            }
            latency.put(endpoint, latency("latency." + entry.getKey(), entry.getValue(), maxDelayMs));
        }
        Map<SimulatedOutcome, Double> faults = new EnumMap<>(SimulatedOutcome.class);
        double total = 0;
        for (Map.Entry<String, JsonNode> entry : fields(root.get("faults"), "faults")) {
            SimulatedOutcome fault = SimulatedOutcome.byCode(entry.getKey());
            if (fault == null || fault == SimulatedOutcome.OK) {
                throw new IllegalArgumentException("faults." + entry.getKey() + " is not a fault; use one of: " + FAULTS);
            }
            JsonNode rate = entry.getValue();
            if (!rate.isNumber() || rate.asDouble() < 0 || rate.asDouble() > 1) {
                throw new IllegalArgumentException("faults." + entry.getKey() + " must be a rate from 0 to 1, such as 0.05");
            }
            faults.put(fault, rate.asDouble());
            total += rate.asDouble();
        }
        if (total > 1.000001) throw new IllegalArgumentException("the fault rates add up to more than 1 (one fault per login at most)");
        JsonNode auto = root.path("auto");
        if (!auto.isMissingNode() && !auto.isBoolean()) throw new IllegalArgumentException("\"auto\" must be true or false");
        return new FaultProfile(latency, faults, auto.asBoolean(false));
    }

    private static Latency latency(String field, JsonNode value, long maxDelayMs) {
        if (value.isNumber()) return Latency.fixed(milliseconds(field, value, maxDelayMs));
        if (value.isObject() && value.size() == 2 && value.has("median_ms") && value.has("p99_ms")) {
            long median = milliseconds(field + ".median_ms", value.get("median_ms"), maxDelayMs);
            long p99 = milliseconds(field + ".p99_ms", value.get("p99_ms"), maxDelayMs);
            if (median == 0 || p99 < median) {
                throw new IllegalArgumentException(field + " needs 0 < median_ms <= p99_ms");
            }
            return new Latency(median, p99);
        }
        throw new IllegalArgumentException(field + " must be milliseconds, such as 200, or {\"median_ms\": 200, \"p99_ms\": 1500}");
    }

    private static long milliseconds(String field, JsonNode value, long maxDelayMs) {
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > maxDelayMs) {
            throw new IllegalArgumentException(field + " must be a whole number of milliseconds from 0 to " + maxDelayMs);
        }
        return value.asLong();
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node, String name) {
        if (node == null || node.isNull()) return Map.<String, JsonNode>of().entrySet();
        if (!node.isObject()) throw new IllegalArgumentException("\"" + name + "\" must be a JSON object");
        return node::fields;
    }

    /** The profile as the JSON it was written in. */
    public Map<String, Object> toJson() {
        Map<String, Object> lat = new LinkedHashMap<>();
        for (Endpoint endpoint : Endpoint.values()) {
            if (latency.containsKey(endpoint)) lat.put(endpoint.code, latency.get(endpoint).toJson());
        }
        Map<String, Object> rates = new LinkedHashMap<>();
        for (SimulatedOutcome fault : SimulatedOutcome.values()) {
            if (faults.containsKey(fault)) rates.put(fault.code, faults.get(fault));
        }
        return Map.of("latency", lat, "faults", rates, "auto", auto);
    }
}
