package dev.oauthpreloader.admin;

import dev.oauthpreloader.operation.FinishedOperation;
import dev.oauthpreloader.operation.OperationEvents;
import dev.oauthpreloader.operation.OperationStatus;
import dev.oauthpreloader.operation.StageTimings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Login counters and duration histograms, fed by {@link dev.oauthpreloader.operation.OperationStore}
 * as rows start and end, with the row each ending write returned: the metrics say what the table
 * says, whichever path (worker, reaper, shutdown) ended a login, and nothing is read back.
 * One registry per service instance, not Micrometer's global one: tests run several in one JVM.
 * Each meter is built once and then found in a map: a builder and its registry lookup allocate the
 * tags anew on every call, and with seven meters per login that was 15% of everything the service
 * allocated (JFR's allocation samples under the benchmark).
 */
public final class LoginMetrics implements OperationEvents {

    static final String STARTED = "preloader.logins.started";
    static final String OK = "preloader.logins.ok";
    static final String ERROR = "preloader.logins.error";
    static final String DURATION = "preloader.login.duration";
    static final String STAGE = "preloader.exchange.stage";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Duration[] buckets;
    /** Providers, reasons, outcomes and stages are few and fixed, so these maps stay small. */
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();

    private record MeterKey(String name, String provider, String tagKey, String tagValue) {
    }

    LoginMetrics(Duration loginDeadline) {
        this.buckets = LoginBuckets.upTo(loginDeadline);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Creates a provider's started and ok counters at 0, so that rate() sees the first login. */
    void expectProvider(String provider) {
        startedCounter(provider);
        okCounter(provider);
    }

    @Override
    public void started(String provider) {
        startedCounter(provider).increment();
    }

    @Override
    public void finished(List<FinishedOperation> operations) {
        operations.forEach(this::record);
    }

    private void record(FinishedOperation op) {
        if (op.status() == OperationStatus.OK) {
            okCounter(op.provider()).increment();
        } else {
            String reason = op.reason() == null ? "unknown" : op.reason().code;
            counters.computeIfAbsent(new MeterKey(ERROR, op.provider(), "reason", reason), key -> Counter.builder(ERROR)
                    .description("logins that ended in error, by reason")
                    .tag("provider", key.provider()).tag("reason", key.tagValue()).register(registry)).increment();
        }
        timer(DURATION, op.provider(), "outcome", op.status().code).record(op.totalMs(), TimeUnit.MILLISECONDS);
        StageTimings t = op.timings();
        stage(op.provider(), "queue", t.queueMs());
        stage(op.provider(), "token", t.tokenMs());
        stage(op.provider(), "profile", t.profileMs());
        stage(op.provider(), "save", t.saveMs());
    }

    private void stage(String provider, String stage, Long millis) {
        if (millis != null) timer(STAGE, provider, "stage", stage).record(millis, TimeUnit.MILLISECONDS);
    }

    private Counter startedCounter(String provider) {
        return counters.computeIfAbsent(new MeterKey(STARTED, provider, null, null), key -> Counter.builder(STARTED)
                .description("logins that reached the callback (an operation was created)").tag("provider", provider).register(registry));
    }

    private Counter okCounter(String provider) {
        return counters.computeIfAbsent(new MeterKey(OK, provider, null, null), key -> Counter.builder(OK)
                .description("logins that ended ok").tag("provider", provider).register(registry));
    }

    private Timer timer(String name, String provider, String tagKey, String tagValue) {
        return timers.computeIfAbsent(new MeterKey(name, provider, tagKey, tagValue), key -> Timer.builder(name)
                .tag("provider", provider).tag(tagKey, tagValue).serviceLevelObjectives(buckets).register(registry));
    }
}
