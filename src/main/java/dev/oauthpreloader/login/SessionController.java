package dev.oauthpreloader.login;

import dev.oauthpreloader.account.Account;
import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.crypto.Tokens;
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
    private final String baseUrl;

    SessionController(OwnedOperations owned, OperationStore operations, AccountStore accounts,
                      ProviderRegistry providers, Templates templates, Clock clock, String baseUrl) {
        this.owned = owned;
        this.operations = operations;
        this.accounts = accounts;
        this.providers = providers;
        this.templates = templates;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** GET /: the login buttons, or for a logged-in person the account page. */
    void index(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        Optional<Account> account = session.userId().flatMap(accounts::find);
        if (account.isEmpty()) {
            templates.page(ctx, "index.jte", Map.of("providers", List.copyOf(providers.all())));
            return;
        }
        AccountPage page = AccountPage.of(account.get(), accounts.connections(account.get().id()), providers,
                session.csrfToken(), clock.millis());
        templates.page(ctx, "account.jte", Map.of("page", page));
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
            session.logIn(op.userProfileId(), op.provider());
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

    /**
     * POST /logout, only with the session's CSRF token. Where the provider the session logged in with
     * is set to end its own session too, the browser goes on to its end_session_endpoint, which
     * sends it back to /logged-out.
     */
    void logout(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        if (!session.csrfMatches(ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("This logout request did not come from our page. Use the logout button.");
        }
        Optional<LoginProvider> provider = session.loginProvider().flatMap(providers::find);
        session.logOut();
        // The state only comes back to /logged-out, which does nothing with it: there is nothing left to protect.
        Optional<String> atProvider = provider.flatMap(p -> p.logoutRedirect(baseUrl + LOGGED_OUT, Tokens.random()));
        atProvider.ifPresent(location -> LOG.info("logged out; ending the session at {} too", provider.get().name()));
        ctx.redirect(atProvider.orElse("/"));
    }

    /** Where a provider sends the browser back after ending its session; registered there as the post-logout redirect URI. */
    static final String LOGGED_OUT = "/logged-out";

    /** GET /logged-out */
    void loggedOut(Context ctx) {
        ctx.redirect("/");
    }
}
