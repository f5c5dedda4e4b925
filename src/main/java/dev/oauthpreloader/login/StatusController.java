package dev.oauthpreloader.login;

import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStatus;
import dev.oauthpreloader.operation.Stage;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The preloader page and the status it polls. */
final class StatusController {

    static final String NO_LOGIN = "There is no login in progress for this browser. Please start the login again.";
    /** The longest a /get-status request may wait for a change; the page asks again after it. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /**
     * How long a stage change may wait for the next one before it is answered. The last stages take
     * milliseconds when the machine is idle, but hundreds under load, when 100 ms cost most logins a
     * second poll. A stage that lasts longer is shown at most this late; the outcome is never delayed.
     */
    static final Duration STAGE_SETTLE = Duration.ofMillis(500);

    private final OwnedOperations owned;
    private final ProviderRegistry providers;
    private final StatusWatch watch;
    private final Templates templates;
    private final Clock clock;

    StatusController(OwnedOperations owned, ProviderRegistry providers, StatusWatch watch, Templates templates, Clock clock) {
        this.owned = owned;
        this.providers = providers;
        this.watch = watch;
        this.templates = templates;
        this.clock = clock;
    }

    /** GET /preloader: the waiting page; a finished operation goes straight on, which also serves browsers without JavaScript. */
    void preloader(Context ctx) {
        Operation op = owned.find(ctx).orElseThrow(() -> new NotFoundResponse(NO_LOGIN));
        if (op.status() == OperationStatus.OK) {
            ctx.redirect("/success?op=" + op.publicId());
            return;
        }
        if (op.status() == OperationStatus.ERROR) {
            ctx.redirect("/error?op=" + op.publicId());
            return;
        }
        String label = providers.find(op.provider()).map(p -> p.label()).orElse(op.provider());
        StatusReport report = StatusReport.of(op, clock.millis());
        new PreloaderPage(op.publicId(), op.provider(), label, LoginSession.of(ctx).csrfToken(), report, op.isFresh()).show(templates, ctx);
    }

    /**
     * GET /get-status?op=…&wait=ms&since=stage. With wait, a pending operation still at stage
     * {@code since} is answered only when it changes or the wait runs out, so the page learns of the
     * outcome at once without polling hard. The request holds no thread while it waits.
     */
    void status(Context ctx) {
        Duration wait = Duration.ofMillis(waitMillis(ctx.queryParam("wait")));
        String since = ctx.queryParam("since");
        Optional<Operation> found = owned.find(ctx);
        if (found.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("status", "unknown", "message", NO_LOGIN));
            return;
        }
        Operation op = found.get();
        if (wait.isZero() || op.isFinished() || (since != null && !shown(since).equals(shown(op.stage().code)))) {
            ctx.json(StatusReport.of(op, clock.millis()));
            return;
        }
        long until = clock.millis() + wait.toMillis();
        ctx.future(() -> shownChange(op, until).thenAccept(seen -> ctx.json(StatusReport.of(seen, clock.millis()))));
    }

    /**
     * Waits until the operation finishes or reaches a stage the page shows differently, or until
     * {@code until}. Waiting for a worker and exchanging the code look the same on the page (it folds
     * the first into the second), so that step alone wakes nobody: under load it used to cost every
     * login one more round trip.
     */
    private CompletableFuture<Operation> shownChange(Operation seen, long until) {
        long left = until - clock.millis();
        // Park first, then read again: a change landing between the two reads is not missed.
        CompletableFuture<Void> change = left > 0 ? watch.awaitChange(seen, Duration.ofMillis(left)) : CompletableFuture.completedFuture(null);
        Operation now = owned.reload(seen).orElse(seen);
        if (now.isFinished() || !shown(now.stage().code).equals(shown(seen.stage().code))) {
            change.complete(null);
            return settled(seen, clock.millis() + STAGE_SETTLE.toMillis());
        }
        if (left <= 0) return CompletableFuture.completedFuture(now);
        if (now.stage() != seen.stage()) change.complete(null); // a step the page does not show: wait on from here
        return change.thenCompose(changed -> shownChange(now, until));
    }

    /** The stage as the preloader shows it: QUEUED is folded into the first step. */
    private static String shown(String stage) {
        return Stage.QUEUED.code.equals(stage) ? Stage.EXCHANGING_CODE.code : stage;
    }

    /**
     * The last stages (profile, saving, done) usually follow each other within milliseconds; answering
     * each one would cost the page a round trip per stage before it learns the outcome. So after a
     * stage change the answer waits a little longer for the next one, unless the operation finishes.
     */
    private CompletableFuture<Operation> settled(Operation op, long until) {
        Operation now = owned.reload(op).orElse(op);
        long left = until - clock.millis();
        boolean waitRanOut = now.stage() == op.stage();
        if (now.isFinished() || waitRanOut || left <= 0) return CompletableFuture.completedFuture(now);
        CompletableFuture<Void> change = watch.awaitChange(now, Duration.ofMillis(left));
        Operation again = owned.reload(op).orElse(op);
        if (again.isFinished() || again.stage() != now.stage()) change.complete(null);
        return change.thenCompose(changed -> settled(op, until));
    }

    private static long waitMillis(String raw) {
        if (raw == null || raw.isEmpty()) return 0;
        try {
            long millis = Long.parseLong(raw);
            if (millis >= 0) return Math.min(millis, MAX_WAIT.toMillis());
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadRequestResponse("wait must be a number of milliseconds");
    }
}
