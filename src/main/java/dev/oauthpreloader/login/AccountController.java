package dev.oauthpreloader.login;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the account page's buttons do besides connecting: disconnect a provider. */
final class AccountController {

    private static final Logger LOG = LoggerFactory.getLogger(AccountController.class);

    private final AccountStore accounts;
    private final ProviderRegistry providers;

    AccountController(AccountStore accounts, ProviderRegistry providers) {
        this.accounts = accounts;
        this.providers = providers;
    }

    /**
     * POST /account/disconnect/{provider}, only with the session's CSRF token: removes the account's
     * identities at that provider and their tokens, but never the account's last provider.
     */
    void disconnect(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        if (!session.csrfMatches(ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("This request did not come from our page. Use the Disconnect button.");
        }
        long userId = session.userId().orElseThrow(() -> new ForbiddenResponse("Log in first, then disconnect a provider."));
        String provider = ctx.pathParam("provider");
        String label = providers.find(provider).map(LoginProvider::label).orElse(provider);
        switch (accounts.disconnect(userId, provider)) {
            case DISCONNECTED -> {
                LOG.info("user={} disconnected {}", userId, provider);
                ctx.redirect("/");
            }
            case LAST_ONE -> throw new ConflictResponse(label + " is the only way you can log in to this account, so it stays"
                    + " connected. Connect another provider first, then disconnect this one.");
            case NOT_CONNECTED -> {
                if (providers.find(provider).isEmpty()) throw new NotFoundResponse("There is no provider called " + provider + ".");
                throw new ConflictResponse(label + " is not connected to this account, so there is nothing to disconnect.");
            }
        }
    }
}
