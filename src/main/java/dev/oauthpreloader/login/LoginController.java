package dev.oauthpreloader.login;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.exchange.ExchangeJob;
import dev.oauthpreloader.exchange.ExchangeWorker;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.provider.AuthorizationRedirect;
import dev.oauthpreloader.provider.CallbackRefusal;
import dev.oauthpreloader.provider.CallbackVerdict;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.provider.ProviderUnavailable;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ends of the redirect dance: /login sends the browser to the provider, /callback takes it
 * back. The callback is judged here, on the request thread, because only the request has the
 * session to compare its state with; the provider is called later, by the worker, never from here.
 */
public final class LoginController {

    private static final Logger LOG = LoggerFactory.getLogger(LoginController.class);

    private final ProviderRegistry providers;
    private final OperationStore operations;
    private final ExchangeExecutor executor;
    private final ExchangeWorker worker;
    private final Clock clock;
    private final Duration deadline;
    private final boolean synchronous;
    private final Templates templates;
    private final ReturnPath returnPath;

    /** @param synchronous CALLBACK_MODE=sync: run the exchange on the callback's own thread, as the benchmark's baseline */
    LoginController(ProviderRegistry providers, OperationStore operations, ExchangeExecutor executor,
                    ExchangeWorker worker, Templates templates, Clock clock, Duration deadline, boolean synchronous,
                    ReturnPath returnPath) {
        this.providers = providers;
        this.operations = operations;
        this.executor = executor;
        this.worker = worker;
        this.clock = clock;
        this.deadline = deadline;
        this.synchronous = synchronous;
        this.templates = templates;
        this.returnPath = returnPath;
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
        LoginSession session = LoginSession.of(ctx);
        session.rememberReturnPath(returnPath.parse(returnParameter(ctx)));
        AuthorizationRedirect redirect;
        try {
            redirect = provider.redirect(ctx::queryParam);
        } catch (ProviderUnavailable e) {
            LOG.info("login for {} failed before the redirect: the provider did not answer", provider.name());
            throw new ServiceUnavailableResponse(e.getMessage());
        }
        session.keepForCallback(provider.name(), redirect.keep());
        session.bindingHash(); // made now, so that callbacks arriving at once all bind their operation to the same one
        ctx.redirect(redirect.location());
    }

    /** {@code rd=} (oauth2-proxy's name, which reverse-proxy examples use) or {@code next=}; both, if they differ, is a 400. */
    static String returnParameter(Context ctx) {
        String rd = ctx.queryParam("rd");
        String next = ctx.queryParam("next");
        if (rd != null && next != null && !rd.equals(next)) throw new BadRequestResponse("Give rd= or next=, not both.");
        return rd != null ? rd : next;
    }

    /** GET /callback/{provider} */
    void callback(Context ctx) {
        LoginProvider provider = provider(ctx);
        Map<String, String> params = CallbackParameters.read(ctx);
        LoginSession session = LoginSession.of(ctx);
        String state = params.get("state");
        // What names the redirect this callback answers: the state, or OAuth 1.0a's request token.
        String redirectId = state != null ? state : params.getOrDefault("oauth_token", params.get("denied"));
        String fingerprint = Tokens.sha256(provider.name() + ":" + (redirectId == null ? "" : redirectId) + ":"
                + session.existingBindingHash().orElse(""));
        if (redirectId != null && session.isLastCallback(fingerprint) && session.currentOperation().isPresent()) {
            // A refresh of the callback page: show the login it already started, start nothing new.
            ctx.redirect("/preloader?op=" + session.currentOperation().get());
            return;
        }
        CallbackVerdict verdict = provider.judge(session.keptForCallback(provider.name()), params);
        if (verdict instanceof CallbackVerdict.Refused refused) {
            // A response that does not match leaves the real login's state alone; any other refusal spends it.
            boolean mismatch = refused.refusal() == CallbackRefusal.INVALID_STATE;
            if (!mismatch) session.forgetKeptForCallback(provider.name());
            LOG.info("callback for {} refused: {}", provider.name(), mismatch && state == null ? "state missing" : refused.refusal().logText);
            throw new BadRequestResponse(refused.refusal().message);
        }
        session.forgetKeptForCallback(provider.name());
        if (verdict instanceof CallbackVerdict.Declined declined) {
            declinedAtProvider(ctx, provider, declined.reason(), fingerprint);
        } else {
            startExchange(ctx, provider, (CallbackVerdict.Accepted) verdict, fingerprint);
        }
    }

    private void startExchange(Context ctx, LoginProvider provider, CallbackVerdict.Accepted accepted, String fingerprint) {
        LoginSession session = LoginSession.of(ctx);
        Long connectTo = session.takeConnectRequest(provider.name()).orElse(null);
        String publicId = Tokens.random();
        long now = clock.millis();
        String owner = operations.insertPendingOnce(fingerprint, publicId, provider.name(), session.bindingHash(), connectTo,
                now, now + deadline.toMillis());
        session.startedOperation(owner, fingerprint);
        if (!owner.equals(publicId)) {
            // The same callback, replayed while its first request was still here: lead to that one login.
            LOG.info("op={} callback replayed: starting nothing", owner);
            ctx.redirect("/preloader?op=" + owner);
            return;
        }
        ExchangeJob job = new ExchangeJob(publicId, provider, accepted, System.nanoTime(), connectTo);
        worker.queued(job, session.bindingHash(), now, now + deadline.toMillis());
        if (synchronous) {
            worker.run(job); // the benchmark's baseline: this request waits for the provider
            ctx.redirect("/success?op=" + publicId);
            return;
        }
        ExchangeExecutor.Admission admission = executor.submit(() -> worker.run(job), deadline);
        if (!admission.admitted()) {
            // Refused now rather than left to fail at its deadline: the person can try again when it is worth it.
            worker.refuse(job, now);
            LOG.warn("op={} refused: exchanges could not start in time (retry after {} s)", publicId, admission.retryAfter().toSeconds());
            throw BusyRefusal.answer(ctx, admission.retryAfter());
        }
        LOG.info("op={} pending provider={}", publicId, provider.name());
        // The waiting page itself, not a redirect to it: one round trip less before the person sees
        // it. Its script moves the address to /preloader?op=…, which a refresh or a bookmark then asks.
        new PreloaderPage(publicId, provider.name(), provider.label(), session.csrfToken(),
                StatusReport.justStarted(deadline.toMillis()), false).show(templates, ctx);
    }

    /** The person, or the provider, said no at the provider instead of sending a code. */
    private void declinedAtProvider(Context ctx, LoginProvider provider, FailureReason reason, String fingerprint) {
        String publicId = Tokens.random();
        LoginSession session = LoginSession.of(ctx);
        String owner = operations.insertFailedOnce(fingerprint, publicId, provider.name(), session.bindingHash(), reason, clock.millis());
        session.startedOperation(owner, fingerprint);
        if (owner.equals(publicId)) LOG.info("op={} failed at provider: {}", publicId, reason.code);
        ctx.redirect("/error?op=" + owner);
    }

    private LoginProvider provider(Context ctx) {
        return ProviderInPath.of(providers, ctx);
    }
}
