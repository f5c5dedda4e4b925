package dev.oauthpreloader.simulator;

import io.javalin.http.Context;
import java.util.Map;

/** An error answer for a machine, as RFC 6749 section 5.2 writes it: JSON, never cached. */
final class OAuthError {

    private OAuthError() {
    }

    static void send(Context ctx, int status, String error, String description) {
        ctx.status(status).header("Cache-Control", "no-store")
                .json(Map.of("error", error, "error_description", description));
    }
}
