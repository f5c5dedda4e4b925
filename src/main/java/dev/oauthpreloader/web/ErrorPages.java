package dev.oauthpreloader.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place that turns failures into answers: a page a person understands, or JSON for scripts
 * that asked for it. Never a stack trace, and never an exception's message from a library, which
 * may quote a provider's response.
 */
public final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    private ErrorPages() {
    }

    public static void register(Javalin app, Templates templates) {
        app.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, templates, e.getStatus(), e.getMessage()));
        // The database is the one dependency every page has; when it fails (locked too long, disk
        // full, PostgreSQL restarting) the request may succeed if repeated, which is what 503 says.
        app.exception(JdbiException.class, (e, ctx) -> {
            LOG.error("database failed on {} {}", ctx.method(), ctx.path(), e);
            ctx.header("Retry-After", "5");
            respond(ctx, templates, 503, "The login service cannot reach its database right now. Please try again in a moment.");
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected {} on {} {}", e.getClass().getName(), ctx.method(), ctx.path(), e);
            respond(ctx, templates, 500, "Something went wrong on our side. Please try again.");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) respond(ctx, templates, 404, "There is no page at this address.");
        });
        app.error(405, ctx -> respond(ctx, templates, 405, "This address does not accept that kind of request."));
    }

    public static void respond(Context ctx, Templates templates, int status, String message) {
        ctx.status(status);
        if (wantsJson(ctx)) {
            ctx.json(Map.of("status", "error", "message", message));
        } else {
            templates.page(ctx, "message.jte", Map.of(
                    "title", HttpStatus.forStatus(status).getMessage(),
                    "message", message,
                    "status", status));
        }
    }

    /** /get-status always speaks JSON; elsewhere only a client that asks for JSON and not HTML gets it. */
    private static boolean wantsJson(Context ctx) {
        if (ctx.path().equals("/get-status")) return true;
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
