package dev.oauthpreloader.admin;

import dev.oauthpreloader.operation.StageTimings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One provider's logins over a window: how many, how many failed and why, how many the person
 * cancelled, and how long they took in total (created to finished) and in each stage. A cancel is
 * not an error: it says nothing about the provider, so it is counted apart and left out of the
 * error rate. Percentiles cover finished operations only.
 */
public record ProviderSummary(
        String provider,
        int logins,
        int ok,
        int errors,
        int cancelled,
        int pending,
        Map<String, Integer> errorsByReason,
        Percentiles total,
        Percentiles queue,
        Percentiles token,
        Percentiles profile,
        Percentiles save) {

    /** One summary per provider, in provider name order. */
    public static List<ProviderSummary> of(Collection<TimedOperation> operations) {
        Map<String, List<TimedOperation>> byProvider = operations.stream()
                .collect(Collectors.groupingBy(TimedOperation::provider, TreeMap::new, Collectors.toList()));
        List<ProviderSummary> summaries = new ArrayList<>();
        byProvider.forEach((provider, ops) -> summaries.add(summarise(provider, ops)));
        return summaries;
    }

    static ProviderSummary summarise(String provider, List<TimedOperation> ops) {
        int ok = (int) ops.stream().filter(TimedOperation::isOk).count();
        int errors = (int) ops.stream().filter(TimedOperation::isError).count();
        int cancelled = (int) ops.stream().filter(TimedOperation::isCancelled).count();
        Map<String, Integer> reasons = new TreeMap<>();
        ops.stream().filter(TimedOperation::isError)
                .forEach(op -> reasons.merge(op.reason() == null ? "unknown" : op.reason(), 1, Integer::sum));
        Map<String, Integer> byCount = new LinkedHashMap<>();
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> byCount.put(e.getKey(), e.getValue()));
        return new ProviderSummary(provider, ops.size(), ok, errors, cancelled, ops.size() - ok - errors - cancelled, byCount,
                Percentiles.of(ops.stream().map(TimedOperation::totalMs).toList()),
                stage(ops, StageTimings::queueMs),
                stage(ops, StageTimings::tokenMs),
                stage(ops, StageTimings::profileMs),
                stage(ops, StageTimings::saveMs));
    }

    /** The percentiles of one stage by its short name: queue, token, profile or save. */
    public Percentiles stage(String name) {
        return switch (name) {
            case "queue" -> queue;
            case "token" -> token;
            case "profile" -> profile;
            case "save" -> save;
            default -> throw new IllegalArgumentException("unknown stage " + name);
        };
    }

    /** Errors as a share of logins the provider decided (ok or error), 0 to 1: pending and cancelled ones are left out. */
    public double errorRate() {
        int finished = ok + errors;
        return finished == 0 ? 0 : (double) errors / finished;
    }

    public double errorRate(String reason) {
        int finished = ok + errors;
        return finished == 0 ? 0 : (double) errorsByReason.getOrDefault(reason, 0) / finished;
    }

    private static Percentiles stage(List<TimedOperation> ops, Function<StageTimings, Long> stage) {
        return Percentiles.of(ops.stream().map(op -> stage.apply(op.timings())).toList());
    }
}
