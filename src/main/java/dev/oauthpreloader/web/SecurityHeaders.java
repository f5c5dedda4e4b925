package dev.oauthpreloader.web;

import io.javalin.http.Context;

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

    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        if (!ctx.path().startsWith("/static/")) ctx.header("Cache-Control", "no-store");
    }
}
