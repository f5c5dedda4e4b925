package dev.oauthpreloader.login;

import dev.oauthpreloader.Tokens;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.provider.DetachedCallContext;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.simulator.SimulatorChoice;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.exception.http.WithLocationAction;
import org.pac4j.jee.context.session.JEESessionStore;
import org.pac4j.oauth.credentials.OAuth20Credentials;
import org.pac4j.javalin.JavalinWebContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ends of the redirect dance: /login sends the browser to the provider, /callback takes it
 * back. The callback checks state here, on the request thread, because only the request has the
 * session to compare it with; the provider is called later, by the worker, never from here.
 */
public final class LoginController {

    private static final Logger LOG = LoggerFactory.getLogger(LoginController.class);
    static final String INVALID_STATE = "This login response does not belong to a login started in this browser, "
            + "or it was already used. Please start the login again.";
    static final String WRONG_ISSUER = "This login response names a different provider than the one it was sent to. "
            + "Please start the login again.";
    static final String MISSING_CODE = "The provider sent no authorization code. Please start the login again.";
    static final String UNUSABLE_RESPONSE = "The provider's answer could not be used to log you in. Please start the login again.";

    private static final JEESessionStore SESSION_STORE = new JEESessionStore();

    private final ProviderRegistry providers;
    private final OperationStore operations;
    private final ExchangeExecutor executor;
    private final ExchangeWorker worker;
    private final Clock clock;
    private final Duration deadline;

    LoginController(ProviderRegistry providers, OperationStore operations, ExchangeExecutor executor,
                    ExchangeWorker worker, Clock clock, Duration deadline) {
        this.providers = providers;
        this.operations = operations;
        this.executor = executor;
        this.worker = worker;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** GET /login/{provider} */
    void login(Context ctx) {
        LoginSession.of(ctx).takeConnectRequest(""); // a plain login cancels an unfinished connect
        redirectToProvider(ctx);
    }

    /** POST /connect/{provider}: a logged-in person adds another way to log in to the same account. */
    void connect(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        if (!session.csrfMatches(ctx.formParam("csrf"))) {
            throw new ForbiddenResponse("This request did not come from our page. Use the Connect button.");
        }
        if (session.userId().isEmpty()) throw new ForbiddenResponse("Log in first, then connect another provider.");
        session.connecting(provider(ctx).name());
        redirectToProvider(ctx);
    }

    private void redirectToProvider(Context ctx) {
        LoginProvider provider = provider(ctx);
        LoginSession.of(ctx).rememberReturnPath(ReturnPath.parse(ctx.queryParam("next")));
        SimulatorChoice choice = provider.name().equals(SimulatorChoice.PROVIDER) ? SimulatorChoice.from(ctx) : null;
        var webContext = new JavalinWebContext(ctx);
        RedirectionAction action;
        try {
            action = provider.client().getRedirectionAction(new CallContext(webContext, SESSION_STORE))
                    .orElseThrow(() -> new IllegalStateException("pac4j produced no redirect for " + provider.name()));
        } catch (TechnicalException e) {
            // OAuth 1.0a must fetch a request token before it can redirect: that call, unlike any other, is made here.
            LOG.info("login for {} failed before the redirect: {}", provider.name(), e.getClass().getSimpleName());
            throw new ServiceUnavailableResponse("We could not reach " + provider.label() + " just now. Please try again in a moment.");
        }
        String location = ((WithLocationAction) action).getLocation();
        ctx.redirect(choice == null ? location : choice.appendTo(location));
    }

    /** GET /callback/{provider} */
    void callback(Context ctx) {
        LoginProvider provider = provider(ctx);
        Map<String, String> params = CallbackParameters.read(ctx);
        LoginSession session = LoginSession.of(ctx);
        String state = params.get("state");
        String fingerprint = Tokens.sha256(provider.name() + ":" + (state == null ? "" : state));
        if (state != null && session.isLastCallback(fingerprint) && session.currentOperation().isPresent()) {
            // A refresh of the callback page: show the login it already started, start nothing new.
            ctx.redirect("/preloader?op=" + session.currentOperation().get());
            return;
        }
        Map<String, Object> clientValues = session.clientValues(provider.client().getName());
        // Checked here, not only inside pac4j: pac4j turns a state mismatch into "no credentials",
        // which would read as a missing code, and skips it entirely for an error= response.
        if (!provider.callbackMatches(clientValues, params)) {
            LOG.info("callback for {} refused: state {}", provider.name(), state == null ? "missing" : "does not match");
            throw new BadRequestResponse(INVALID_STATE);
        }
        session.forgetClientValues(clientValues);
        // After the state check, so a mixed-up response also burns the state it carried.
        if (!AuthorizationIssuer.accepts(provider.issuer(), params.get("iss"))) {
            LOG.info("callback for {} refused: iss does not name its issuer", provider.name());
            throw new BadRequestResponse(WRONG_ISSUER);
        }
        if (params.containsKey("error") || params.containsKey("denied")) {
            refusedAtProvider(ctx, provider, params, fingerprint);
            return;
        }
        DetachedCallContext detached = new DetachedCallContext(ctx.path(), params, clientValues);
        Credentials credentials;
        try {
            credentials = provider.client().getCredentials(detached.callContext())
                    .filter(LoginController::hasCode)
                    .orElseThrow(() -> new BadRequestResponse(MISSING_CODE));
        } catch (TechnicalException e) {
            // pac4j-oidc throws rather than answer "no credentials": no code, an unparsable response, another iss.
            LOG.info("callback for {} refused: {}", provider.name(), e.getClass().getSimpleName());
            throw new BadRequestResponse(UNUSABLE_RESPONSE);
        }

        Long connectTo = session.takeConnectRequest(provider.name()).orElse(null);
        String publicId = Tokens.random();
        long now = clock.millis();
        operations.insertPending(publicId, provider.name(), session.bindingHash(), connectTo, now, now + deadline.toMillis());
        session.startedOperation(publicId, fingerprint);
        ExchangeJob job = new ExchangeJob(publicId, provider, detached, credentials, System.nanoTime(), connectTo);
        if (executor.trySubmit(() -> worker.run(job))) {
            LOG.info("op={} pending provider={}", publicId, provider.name());
        } else {
            LOG.warn("op={} refused: exchange pool full", publicId);
            operations.fail(publicId, FailureReason.BUSY, now);
        }
        ctx.redirect("/preloader?op=" + publicId);
    }

    /**
     * The provider sent error= (OAuth 2.0; Facebook adds error_reason=user_denied) or denied= (Twitter's
     * OAuth 1.0a) instead of a code: the person said no, or the provider did.
     */
    private void refusedAtProvider(Context ctx, LoginProvider provider, Map<String, String> params, String fingerprint) {
        boolean cancelled = "access_denied".equals(params.get("error")) || "user_denied".equals(params.get("error_reason"))
                || params.containsKey("denied");
        FailureReason reason = cancelled ? FailureReason.CANCELLED : FailureReason.PROVIDER_REFUSED;
        String publicId = Tokens.random();
        LoginSession session = LoginSession.of(ctx);
        operations.insertFailed(publicId, provider.name(), session.bindingHash(), reason, clock.millis());
        session.startedOperation(publicId, fingerprint);
        LOG.info("op={} failed at provider: {}", publicId, reason.code);
        ctx.redirect("/error?op=" + publicId);
    }

    /** pac4j takes "code=" for a code; an empty one would only cost a doomed call to the provider. */
    private static boolean hasCode(Credentials credentials) {
        return !(credentials instanceof OAuth20Credentials oauth2) || (oauth2.getCode() != null && !oauth2.getCode().isBlank());
    }

    private LoginProvider provider(Context ctx) {
        String name = ctx.pathParam("provider");
        return providers.find(name).orElseThrow(() -> new NotFoundResponse(
                "There is no login provider called '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'."));
    }
}
