package dev.oauthpreloader.admin;

import dev.oauthpreloader.crypto.Tokens;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

/**
 * GET /metrics in the Prometheus text format. Open unless METRICS_TOKEN is set: the numbers name
 * providers and failure reasons but no person, and scrapers usually sit on the same private network.
 * With a token, a scraper sends {@code Authorization: Bearer <token>}, compared in constant time.
 */
final class MetricsEndpoint {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final LoginMetrics metrics;
    private final String token;

    MetricsEndpoint(LoginMetrics metrics, String token) {
        this.metrics = metrics;
        this.token = token;
    }

    void scrape(Context ctx) {
        if (!token.isEmpty()) {
            String header = ctx.header("Authorization");
            String offered = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).trim() : null;
            if (!Tokens.constantTimeEquals(token, offered)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
                throw new UnauthorizedResponse("The metrics need the bearer token configured in METRICS_TOKEN.");
            }
        }
        ctx.contentType(CONTENT_TYPE).result(metrics.registry().scrape());
    }
}
