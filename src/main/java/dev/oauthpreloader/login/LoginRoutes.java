package dev.oauthpreloader.login;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.exchange.ExchangeWorker;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.token.FreshProfiles;
import dev.oauthpreloader.token.TokenStore;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** The login flow's routes, in the order a browser meets them. */
public final class LoginRoutes {

    private final LoginController login;
    private final StatusController status;
    private final SessionController session;
    private final CancelController cancel;
    private final StartController start;
    private final AccountController account;
    private final FreshDataController fresh;

    /**
     * @param baseUrl       BASE_URL, whose origin a login may always return to
     * @param redirectHosts the other hosts it may return to by absolute URL
     */
    public LoginRoutes(Jdbi jdbi, ProviderRegistry providers, OperationStore operations, AccountStore accounts, TokenStore tokens,
                       FreshProfiles freshProfiles, ExchangeExecutor executor, StatusWatch watch, Templates templates, Clock clock,
                       Duration deadline, boolean synchronousCallback, String baseUrl, RedirectHosts redirectHosts) {
        ExchangeWorker worker = new ExchangeWorker(jdbi, operations, accounts, tokens, watch, clock);
        OwnedOperations owned = new OwnedOperations(operations, watch);
        ReturnPath returnPath = new ReturnPath(baseUrl, redirectHosts);
        this.login = new LoginController(providers, operations, executor, worker, templates, clock, deadline, synchronousCallback,
                returnPath);
        this.start = new StartController(providers, returnPath, templates, accounts);
        this.status = new StatusController(owned, providers, watch, templates, clock);
        this.session = new SessionController(owned, operations, accounts, providers, templates, clock, baseUrl);
        this.cancel = new CancelController(owned, operations, watch, clock);
        this.account = new AccountController(accounts, providers);
        this.fresh = new FreshDataController(providers, operations, accounts, freshProfiles, executor, owned, templates, clock, deadline);
    }

    public void register(Javalin app) {
        app.get("/", session::index);
        app.get("/start", start::start);
        app.get("/login/{provider}", login::login);
        app.post("/connect/{provider}", login::connect);
        app.post("/account/disconnect/{provider}", account::disconnect);
        app.get("/callback/{provider}", login::callback);
        app.get("/preloader", status::preloader);
        app.get("/get-status", status::status);
        app.post("/cancel", cancel::cancel);
        app.get("/success", session::success);
        app.get("/error", session::error);
        app.post("/logout", session::logout);
        app.get(SessionController.LOGGED_OUT, session::loggedOut);
        app.post("/account/fresh/{provider}", fresh::start);
        app.get("/account/fresh", fresh::show);
    }
}
