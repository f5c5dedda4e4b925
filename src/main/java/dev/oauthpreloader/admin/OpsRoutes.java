package dev.oauthpreloader.admin;

import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** What people who run the service look at: the /ops page, /metrics for Prometheus, /health for load balancers. */
public final class OpsRoutes {

    /** How stale the pending-operations gauge may be; a scrape every few seconds needs no fresher. */
    static final Duration PENDING_CACHE = Duration.ofSeconds(1);

    private final LoginMetrics metrics;
    private final OpsPage page;
    private final MetricsEndpoint metricsEndpoint;
    private final HealthCheck health;

    public OpsRoutes(OpsSettings settings, String nodeId, Duration loginDeadline, Jdbi jdbi, ExchangeExecutor exchanges,
                     ProviderRegistry providers, Set<String> emailTrusted, Templates templates, Clock clock) {
        OpsQueries queries = new OpsQueries(jdbi);
        this.metrics = new LoginMetrics(loginDeadline);
        for (LoginProvider provider : providers.all()) metrics.expectProvider(provider.name());
        bindGauges(metrics.registry(), exchanges, new CachedCount(() -> queries.pendingOn(nodeId), PENDING_CACHE, clock));
        this.page = new OpsPage(new AdminAccess(jdbi, settings, emailTrusted), queries, exchanges, nodeId, templates, clock);
        this.metricsEndpoint = new MetricsEndpoint(metrics, settings.metricsToken());
        this.health = new HealthCheck(queries, exchanges, exchanges.maxRunning(), exchanges.maxWaiting());
    }

    /** The listener for {@link dev.oauthpreloader.operation.OperationStore#observe}. */
    public LoginMetrics metrics() {
        return metrics;
    }

    public void register(Javalin app) {
        app.get("/ops", page::show);
        app.get("/metrics", metricsEndpoint::scrape);
        app.get("/health", health::ready);
        app.get("/health/ready", health::ready);
        app.get("/health/live", health::live);
    }

    private static void bindGauges(MeterRegistry registry, ExchangeExecutor exchanges, CachedCount pending) {
        Gauge.builder("preloader.exchange.active", exchanges, ExchangeExecutor::active)
                .description("exchange threads running a login now").register(registry);
        Gauge.builder("preloader.exchange.queued", exchanges, ExchangeExecutor::queued)
                .description("logins waiting for an exchange thread").register(registry);
        Gauge.builder("preloader.exchange.threads", exchanges::maxRunning)
                .description("EXCHANGE_THREADS").register(registry);
        Gauge.builder("preloader.exchange.queue.capacity", exchanges::maxWaiting)
                .description("EXCHANGE_QUEUE: beyond this a login is refused as busy").register(registry);
        Gauge.builder("preloader.operations.pending", pending::get)
                .description("pending operations whose exchange runs on this node (cached 1 s)").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
