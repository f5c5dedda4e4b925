package dev.oauthpreloader.login;

import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStatus;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.StatusWatch;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /cancel: the person gave up waiting. The pending operation becomes error (cancelled) at
 * once, so a worker still talking to the provider stops at its next stage and never logs anyone
 * in. A POST with the session's CSRF token, because it changes state.
 */
final class CancelController {

    private static final Logger LOG = LoggerFactory.getLogger(CancelController.class);

    private final OwnedOperations owned;
    private final OperationStore operations;
    private final StatusWatch watch;
    private final Clock clock;

    CancelController(OwnedOperations owned, OperationStore operations, StatusWatch watch, Clock clock) {
        this.owned = owned;
        this.operations = operations;
        this.watch = watch;
        this.clock = clock;
    }

    void cancel(Context ctx) {
        if (!LoginSession.of(ctx).csrfMatches(ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("This cancel request did not come from our page. Use the cancel button.");
        }
        Operation op = owned.find(ctx).orElseThrow(() -> new NotFoundResponse(StatusController.NO_LOGIN));
        if (operations.fail(op.publicId(), FailureReason.CANCELLED, clock.millis())) {
            LOG.info("op={} cancelled by the person waiting", op.publicId());
            watch.changed(op.publicId());
        }
        // Lost the race to the worker: an ok login that was cancelled is not consumed, so nobody is logged in.
        boolean failed = owned.reload(op).map(now -> now.status() == OperationStatus.ERROR).orElse(false);
        ctx.redirect(failed ? "/error?op=" + op.publicId() : "/");
    }
}
