package dev.oauthpreloader.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-client limits on the routes worth hammering: /login/{provider} (each call creates a session
 * and a state), the simulator's authorization page (each consent writes a grant row) and
 * /get-status (each call reads the database and may park a request). A client is an IPv4 address
 * or an IPv6 /64 ({@link ClientAddress#limitKey}). An answer over the limit is 429 with
 * Retry-After, as a page, or JSON on /get-status. The variables that set the limits are described
 * in docs/configuration.md.
 */
public record RateLimits(int loginPerMinute, int statusPerMinute, Set<String> trustedProxies) {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    /**
     * An office of a few hundred people behind one NAT address all log in within a minute or two at
     * nine, while one client alone still cannot create more than five sessions a second for long.
     */
    public static final int DEFAULT_LOGIN_PER_MINUTE = 300;
    /** The preloader asks about once per stage change, a few times a second at most: 600 is ten a second. */
    public static final int DEFAULT_STATUS_PER_MINUTE = 600;
    /** Clients tracked at once per route before the least recently seen is forgotten: about 150 bytes each. */
    static final int MAX_CLIENTS = 100_000;

    public void register(Javalin app) {
        warnOnceAboutUntrustedForwarding(app);
        limit(app, "/login/{provider}", loginPerMinute, "Too many login attempts from your address.");
        // The browser-facing page only: /simulator/token and /userinfo are called by this service itself.
        limit(app, "/simulator/authorize", loginPerMinute, "Too many login attempts from your address.");
        limit(app, "/get-status", statusPerMinute, "Too many status requests from your address.");
    }

    private void limit(Javalin app, String path, int perMinute, String what) {
        if (perMinute == 0) return;
        TokenBucket buckets = new TokenBucket(perMinute, perMinute, MAX_CLIENTS, System::nanoTime);
        app.before(path, ctx -> {
            long waitNanos = buckets.take(ClientAddress.limitKey(ClientAddress.of(ctx, trustedProxies)));
            if (waitNanos > 0) refuse(ctx, waitNanos, what);
        });
    }

    /**
     * A proxy that TRUSTED_PROXY does not name makes every client behind it one client, which one of
     * them can lock out: say so once in the log, not on every request.
     */
    private void warnOnceAboutUntrustedForwarding(Javalin app) {
        AtomicBoolean warned = new AtomicBoolean();
        app.before(ctx -> {
            if (warned.get() || ctx.header("X-Forwarded-For") == null) return;
            String remote = ClientAddress.of(ctx, Set.of());
            if (!trustedProxies.contains(remote) && warned.compareAndSet(false, true)) {
                LOG.warn("requests arrive with X-Forwarded-For from {}, which TRUSTED_PROXY does not list: all clients "
                        + "behind it share one rate limit. If {} is your reverse proxy, set TRUSTED_PROXY={}", remote, remote, remote);
            }
        });
    }

    private static void refuse(Context ctx, long waitNanos, String what) {
        long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        ctx.header("Retry-After", String.valueOf(seconds));
        throw new TooManyRequestsResponse(what + " Please wait " + seconds + (seconds == 1 ? " second" : " seconds")
                + " and try again.");
    }
}
