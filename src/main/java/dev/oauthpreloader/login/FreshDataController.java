package dev.oauthpreloader.login;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStatus;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.provider.FreshProfile;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.token.FreshProfiles;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Show what the provider says now", through the same preloader as a login: the POST records a
 * pending operation (purpose fresh) and hands the fetch to the exchange executor; the page polls
 * /get-status, and /success sends a finished one here instead of logging anyone in.
 */
final class FreshDataController {

    private static final Logger LOG = LoggerFactory.getLogger(FreshDataController.class);

    private final ProviderRegistry providers;
    private final OperationStore operations;
    private final AccountStore accounts;
    private final FreshProfiles fresh;
    private final ExchangeExecutor executor;
    private final OwnedOperations owned;
    private final Templates templates;
    private final Clock clock;
    private final Duration deadline;

    FreshDataController(ProviderRegistry providers, OperationStore operations, AccountStore accounts, FreshProfiles fresh,
                        ExchangeExecutor executor, OwnedOperations owned, Templates templates, Clock clock, Duration deadline) {
        this.providers = providers;
        this.operations = operations;
        this.accounts = accounts;
        this.fresh = fresh;
        this.executor = executor;
        this.owned = owned;
        this.templates = templates;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** POST /account/fresh/{provider}, with the page's CSRF token, for a logged-in person with that provider connected. */
    void start(Context ctx) {
        LoginProvider provider = ProviderInPath.of(providers, ctx);
        LoginSession session = LoginSession.of(ctx);
        if (!session.csrfMatches(ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("This request did not come from our page. Use the button on the start page.");
        }
        long userId = session.userId().orElseThrow(() -> new ForbiddenResponse("Log in first, then ask for fresh data."));
        if (!provider.offersFreshProfile()) {
            throw new BadRequestResponse(provider.label() + " is not offered for fresh data: only GitHub, the simulated "
                    + "provider and generic OAuth 2.0 and OpenID Connect providers are.");
        }
        if (accounts.connections(userId).stream().noneMatch(c -> c.provider().equals(provider.name()))) {
            throw new ConflictResponse("You have not connected " + provider.label() + " to this account. Connect it first.");
        }
        String publicId = Tokens.random();
        long now = clock.millis();
        operations.insertFresh(publicId, provider.name(), session.bindingHash(), userId, now, now + deadline.toMillis());
        session.startedOperation(publicId, "fresh:" + publicId);
        ExchangeExecutor.Admission admission = executor.submit(() -> fresh.run(publicId, userId, provider), deadline);
        if (!admission.admitted()) {
            operations.finishFresh(publicId, FailureReason.BUSY, now);
            throw BusyRefusal.answer(ctx, admission.retryAfter());
        }
        LOG.info("op={} pending fresh profile provider={}", publicId, provider.name());
        ctx.redirect("/preloader?op=" + publicId, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** GET /account/fresh?op=…: what the provider said, for the session that asked and its logged-in person. */
    void show(Context ctx) {
        Operation op = owned.find(ctx).filter(Operation::isFresh)
                .orElseThrow(() -> new NotFoundResponse("There is no fresh data for this browser. Ask for it again on the start page."));
        if (op.status() == OperationStatus.PENDING) {
            ctx.redirect("/preloader?op=" + op.publicId());
            return;
        }
        if (op.status() == OperationStatus.ERROR) {
            ctx.redirect("/error?op=" + op.publicId());
            return;
        }
        Optional<Long> user = LoginSession.of(ctx).userId();
        if (user.isEmpty() || !user.get().equals(op.userProfileId())) {
            throw new NotFoundResponse("There is no fresh data for this browser. Ask for it again on the start page.");
        }
        FreshProfile profile = fresh.find(op.publicId()).orElseThrow(() ->
                new NotFoundResponse("This fresh data is no longer kept. Ask for it again on the start page."));
        String label = providers.find(op.provider()).map(LoginProvider::label).orElse(op.provider());
        templates.page(ctx, "account/fresh.jte", Map.of("profile", profile, "providerLabel", label));
    }
}
