package dev.oauthpreloader.login;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Stage;
import dev.oauthpreloader.provider.FailureClassifier;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProfileMapping;
import dev.oauthpreloader.provider.ProviderRegistry;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.pac4j.core.config.Config;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.javalin.CallbackHandler;
import org.pac4j.javalin.JavalinWebContext;
import org.pac4j.jee.context.session.JEESessionStore;

/**
 * CALLBACK_MODE=sync: the stock pac4j callback (javalin-pac4j's CallbackHandler), which exchanges
 * the code and fetches the profile on the request thread. It exists only as the benchmark's
 * baseline: the same service, the same providers, the exchange in the wrong place.
 */
final class SyncCallback {

    private static final JEESessionStore SESSION_STORE = new JEESessionStore();

    private final ProviderRegistry providers;
    private final AccountStore accounts;
    private final Clock clock;
    private final Map<String, CallbackHandler> handlers = new HashMap<>();

    SyncCallback(ProviderRegistry providers, AccountStore accounts, Clock clock) {
        this.providers = providers;
        this.accounts = accounts;
        this.clock = clock;
        for (LoginProvider provider : providers.all()) {
            handlers.put(provider.name(), new CallbackHandler(new Config(provider.client()), "/sync-complete", true));
        }
    }

    /** GET /callback/{provider}: blocks this request thread until the provider has answered. */
    void callback(Context ctx) {
        String name = ctx.pathParam("provider");
        CallbackHandler handler = handlers.get(name);
        if (handler == null) throw new NotFoundResponse("There is no login provider called '" + name + "'.");
        try {
            handler.handle(ctx);
        } catch (RuntimeException e) {
            FailureReason reason = FailureClassifier.classify(e, Stage.EXCHANGING_CODE);
            throw new HttpResponseException(502, reason.message);
        }
    }

    /** GET /sync-complete: pac4j left the profile in the session; turn it into our login. */
    void complete(Context ctx) {
        ProfileManager manager = new ProfileManager(new JavalinWebContext(ctx), SESSION_STORE);
        UserProfile profile = manager.getProfile().orElseThrow(() -> new NotFoundResponse(StatusController.NO_LOGIN));
        long userId = accounts.findOrCreate(ProfileMapping.toIdentity(profile.getClientName(), profile), clock.millis());
        manager.removeProfiles();
        LoginSession.of(ctx).logIn(userId);
        ctx.redirect("/");
    }
}
