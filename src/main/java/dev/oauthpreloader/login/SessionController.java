package dev.oauthpreloader.login;

import dev.oauthpreloader.account.Account;
import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStatus;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.web.SupportReference;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a login ends: the index, /success that logs in, /error that says why not, and logout. */
final class SessionController {

    private static final Logger LOG = LoggerFactory.getLogger(SessionController.class);

    private final OwnedOperations owned;
    private final OperationStore operations;
    private final AccountStore accounts;
    private final ProviderRegistry providers;
    private final Templates templates;
    private final Clock clock;

    SessionController(OwnedOperations owned, OperationStore operations, AccountStore accounts,
                      ProviderRegistry providers, Templates templates, Clock clock) {
        this.owned = owned;
        this.operations = operations;
        this.accounts = accounts;
        this.providers = providers;
        this.templates = templates;
        this.clock = clock;
    }

    /** GET / */
    void index(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        Optional<Account> account = session.userId().flatMap(accounts::find);
        Map<String, Object> model = new HashMap<>();
        model.put("account", account.orElse(null));
        model.put("providers", List.copyOf(providers.all()));
        model.put("connected", account.map(a -> accounts.connectedProviders(a.id())).orElse(List.of()));
        model.put("csrf", account.isPresent() ? session.csrfToken() : "");
        templates.page(ctx, "index.jte", model);
    }

    /** GET /success: an ok operation of this session logs it in, once. */
    void success(Context ctx) {
        Operation op = owned.find(ctx).orElseThrow(() -> new NotFoundResponse(StatusController.NO_LOGIN));
        if (op.status() == OperationStatus.PENDING) {
            throw new ConflictResponse("Your login is still in progress. Please wait on the loading page.");
        }
        if (op.status() == OperationStatus.ERROR) {
            ctx.redirect("/error?op=" + op.publicId());
            return;
        }
        if (op.isFresh()) {
            ctx.redirect("/account/fresh?op=" + op.publicId()); // fetched data: nobody logs in with it
            return;
        }
        LoginSession session = LoginSession.of(ctx);
        if (operations.consume(op.publicId(), op.sessionBinding(), clock.millis())) {
            session.logIn(op.userProfileId());
            LOG.info("op={} logged in", op.publicId());
            ctx.redirect(session.takeReturnPath().orElse("/"));
        } else if (session.userId().equals(Optional.ofNullable(op.userProfileId()))) {
            ctx.redirect("/"); // a refresh after logging in: already done
        } else {
            LOG.info("op={} refused: already used to log in", op.publicId());
            throw new ConflictResponse("This login was already used. Please log in again.");
        }
    }

    /** GET /error: why the operation failed, and a way to try again. */
    void error(Context ctx) {
        Operation op = owned.find(ctx).orElseThrow(() -> new NotFoundResponse(StatusController.NO_LOGIN));
        if (op.status() != OperationStatus.ERROR) {
            ctx.redirect(op.status() == OperationStatus.OK ? "/success?op=" + op.publicId() : "/preloader?op=" + op.publicId());
            return;
        }
        String label = providers.find(op.provider()).map(LoginProvider::label).orElse(op.provider());
        templates.page(ctx, "error.jte", Map.of(
                "reason", op.failure(),
                "provider", op.provider(),
                "providerLabel", label,
                "retry", providers.find(op.provider()).isPresent(),
                "reference", SupportReference.of(op.publicId())));
    }

    /** POST /logout, only with the session's CSRF token. */
    void logout(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        if (!session.csrfMatches(ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("This logout request did not come from our page. Use the logout button.");
        }
        session.logOut();
        ctx.redirect("/");
    }
}
