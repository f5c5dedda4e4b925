package dev.oauthpreloader.admin;

import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** GET /ops: recent operations, the last hour per provider, and where the time goes. */
final class OpsPage {

    static final int RECENT = 50;
    static final Duration WINDOW = Duration.ofHours(1);
    /** Enough for a busy hour; the page says when the window held more than it read. */
    static final int WINDOW_LIMIT = 50_000;

    private final AdminAccess admins;
    private final OpsQueries queries;
    private final ExchangeExecutor exchanges;
    private final String nodeId;
    private final Templates templates;
    private final Clock clock;

    OpsPage(AdminAccess admins, OpsQueries queries, ExchangeExecutor exchanges, String nodeId, Templates templates, Clock clock) {
        this.admins = admins;
        this.queries = queries;
        this.exchanges = exchanges;
        this.nodeId = nodeId;
        this.templates = templates;
        this.clock = clock;
    }

    void show(Context ctx) {
        admins.require(ctx);
        long now = clock.millis();
        long windowStart = now - WINDOW.toMillis();
        List<TimedOperation> window = queries.createdSince(windowStart, WINDOW_LIMIT);
        List<ProviderSummary> providers = ProviderSummary.of(window);
        OpsView view = new OpsView(nodeId, now, (int) WINDOW.toMinutes(), queries.recent(RECENT), providers,
                window.size() >= WINDOW_LIMIT, LatencyChart.of(window, windowStart, now), StageBars.of(providers),
                exchanges.active(), exchanges.maxRunning(), exchanges.queued(), exchanges.maxWaiting());
        templates.page(ctx, "ops/index.jte", Map.of("view", view));
    }
}
