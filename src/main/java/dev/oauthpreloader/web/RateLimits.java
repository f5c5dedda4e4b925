package dev.oauthpreloader.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Per-client limits on the two routes worth hammering: /login/{provider} (each call creates a
 * session and a state) and /get-status (each call reads the database and may park a request).
 * An answer over the limit is 429 with Retry-After, as a page, or JSON on /get-status. The
 * variables that set the limits are described in docs/configuration.md.
 */
public record RateLimits(int loginPerMinute, int statusPerMinute, Set<String> trustedProxies) {

    /** A person clicks "Log in with …" a few times a minute at most; 30 leaves room for a shared office address. */
    public static final int DEFAULT_LOGIN_PER_MINUTE = 30;
    /** The preloader asks about once per stage change, a few times a second at most: 600 is ten a second. */
    public static final int DEFAULT_STATUS_PER_MINUTE = 600;
    /** Clients tracked at once before newcomers share one bucket: about 100 bytes each. */
    static final int MAX_CLIENTS = 100_000;

    public void register(Javalin app) {
        limit(app, "/login/{provider}", loginPerMinute, "Too many login attempts from your address.");
        limit(app, "/get-status", statusPerMinute, "Too many status requests from your address.");
    }

    private void limit(Javalin app, String path, int perMinute, String what) {
        if (perMinute == 0) return;
        TokenBucket buckets = new TokenBucket(perMinute, perMinute, MAX_CLIENTS, System::nanoTime);
        app.before(path, ctx -> {
            long waitNanos = buckets.take(ClientAddress.of(ctx, trustedProxies));
            if (waitNanos > 0) refuse(ctx, waitNanos, what);
        });
    }

    private static void refuse(Context ctx, long waitNanos, String what) {
        long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        ctx.header("Retry-After", String.valueOf(seconds));
        throw new TooManyRequestsResponse(what + " Please wait " + seconds + (seconds == 1 ? " second" : " seconds")
                + " and try again.");
    }
}
