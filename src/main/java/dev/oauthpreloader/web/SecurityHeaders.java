package dev.oauthpreloader.web;

import io.javalin.http.Context;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/**
 * Headers on every response. The policy forbids inline script, so the preloader's JavaScript lives
 * in static/. No referrer is ever sent: callback URLs carry a code and a state.
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private static final Map<String, String> ON_EVERY_RESPONSE = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY");

    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        ON_EVERY_RESPONSE.forEach(ctx::header);
        if (!ctx.path().startsWith("/static/")) ctx.header("Cache-Control", "no-store");
    }

    /** For the answers Jetty writes itself, before any route runs. */
    static void apply(HttpFields.Mutable fields) {
        ON_EVERY_RESPONSE.forEach(fields::put);
        fields.put("Cache-Control", "no-store");
    }
}
