package dev.oauthpreloader.provider;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Stage;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.exception.http.WithLocationAction;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.oauth.client.OAuth10Client;
import org.pac4j.oauth.credentials.OAuth20Credentials;
import org.pac4j.oidc.client.OidcClient;

/**
 * A provider whose protocol is a pac4j client. pac4j's stock callback would extract the
 * credentials, exchange the code and fetch the profile one after another on the request thread;
 * here the first part runs on the request thread ({@link #judge}) and the rest in the worker
 * ({@link #exchange}), with everything the worker needs captured in between.
 */
final class Pac4jProvider implements LoginProvider {

    /** A provider's per-login touch to its authorization URL (the simulator's choices), or none. */
    @FunctionalInterface
    interface RedirectHook {
        RedirectHook NONE = (location, loginParameter) -> location;

        String adjust(String location, Function<String, String> loginParameter);
    }

    private final String label;
    private final IndirectClient client;
    private final String issuer;
    private final RedirectHook hook;
    private final String authorizationEndpoint;
    private final boolean logoutAtProvider;
    private final boolean trustEmail;
    /** An OAuth 2.0 client's one ScribeJava service, for the refresh grant; null for the other protocols. */
    private final ReusedOAuth20Service services;
    private final java.time.Duration connectTimeout;
    private final java.time.Duration readTimeout;
    private final boolean offersFreshProfile;

    Pac4jProvider(ProviderPreset preset, IndirectClient client, ReusedOAuth20Service services,
                  java.time.Duration connectTimeout, java.time.Duration readTimeout) {
        this.trustEmail = preset.trustEmail();
        this.services = services;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.offersFreshProfile = preset.offersFreshProfile();
        this.label = preset.label();
        this.client = client;
        this.issuer = preset.issuer();
        this.hook = preset.redirectHook();
        this.authorizationEndpoint = preset.authorizationEndpoint();
        this.logoutAtProvider = preset.logoutAtProvider();
    }

    @Override
    public Optional<String> logoutEndpoint() {
        return logoutAtProvider ? discovery().map(OidcDiscovery::endSessionEndpointIfKnown) : Optional.empty();
    }

    /**
     * RP-initiated logout with client_id rather than id_token_hint, which the spec allows (section 2):
     * no id_token is kept anywhere, since one would sit in the session row in plain text. A provider
     * may then ask the person to confirm the logout.
     */
    @Override
    public Optional<String> logoutRedirect(String postLogoutRedirectUri, String state) {
        return logoutEndpoint().map(endpoint -> endpoint + (endpoint.contains("?") ? "&" : "?")
                + "client_id=" + encode(((OidcClient) client).getConfiguration().getClientId())
                + "&post_logout_redirect_uri=" + encode(postLogoutRedirectUri)
                + "&state=" + encode(state));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> authorizationEndpoint() {
        if (authorizationEndpoint != null) return Optional.of(authorizationEndpoint);
        return discovery().map(OidcDiscovery::authorizationEndpointIfKnown);
    }

    private Optional<OidcDiscovery> discovery() {
        return client instanceof OidcClient oidc && oidc.getConfiguration().getOpMetadataResolver() instanceof OidcDiscovery discovery
                ? Optional.of(discovery) : Optional.empty();
    }

    @Override
    public String name() {
        return client.getName();
    }

    @Override
    public String label() {
        return label;
    }

    IndirectClient client() {
        return client;
    }

    @Override
    public AuthorizationRedirect redirect(Function<String, String> loginParameter) {
        DetachedCallContext context = new DetachedCallContext("/login/" + name(), Map.of(), Map.of());
        RedirectionAction action;
        try {
            action = client.getRedirectionAction(context.callContext())
                    .orElseThrow(() -> new IllegalStateException("pac4j produced no redirect for " + name()));
        } catch (TechnicalException e) {
            // OAuth 1.0a must fetch a request token before it can redirect: that call, unlike any other, is made here.
            throw new ProviderUnavailable("We could not reach " + label + " just now. Please try again in a moment.");
        }
        String location = ((WithLocationAction) action).getLocation();
        return new AuthorizationRedirect(hook.adjust(location, loginParameter), KeptValues.capture(client, context.sessionValues()));
    }

    /**
     * Checked here, not only inside pac4j: pac4j turns a state mismatch into "no credentials", which
     * would read as a missing code, and skips the check entirely for an error= response.
     */
    @Override
    public CallbackVerdict judge(Map<String, String> kept, Map<String, String> params) {
        if (!answersOurRedirect(kept, params)) return new CallbackVerdict.Refused(CallbackRefusal.INVALID_STATE);
        if (issuer != null && params.get("iss") != null && !issuer.equals(params.get("iss"))) {
            // RFC 9207 section 2.4: simple string comparison. Without iss, the own redirect URI is the mix-up defence.
            return new CallbackVerdict.Refused(CallbackRefusal.WRONG_ISSUER);
        }
        Optional<CallbackRefusal> oidcIssuer = discovery().flatMap(discovery -> discovery.refusalOfIss(params.get("iss")));
        if (oidcIssuer.isPresent()) return new CallbackVerdict.Refused(oidcIssuer.get());
        if (params.containsKey("error") || params.containsKey("denied")) {
            boolean cancelled = "access_denied".equals(params.get("error"))
                    || "user_denied".equals(params.get("error_reason")) // Facebook
                    || params.containsKey("denied"); // Twitter's OAuth 1.0a
            return new CallbackVerdict.Declined(cancelled ? FailureReason.CANCELLED : FailureReason.PROVIDER_REFUSED);
        }
        DetachedCallContext detached = new DetachedCallContext("/callback/" + name(), params, KeptValues.restore(client, kept));
        try {
            return client.getCredentials(detached.callContext())
                    .filter(Pac4jProvider::hasCode)
                    .<CallbackVerdict>map(credentials -> new CallbackVerdict.Accepted(new ExchangeTicket(detached, credentials)))
                    .orElse(new CallbackVerdict.Refused(CallbackRefusal.MISSING_CODE));
        } catch (TechnicalException e) {
            // pac4j-oidc throws rather than answer "no credentials": no code, an unparsable response, another iss.
            return new CallbackVerdict.Refused(CallbackRefusal.UNUSABLE_RESPONSE);
        }
    }

    /**
     * Its state equals the one kept at redirect time; for OAuth 1.0a, which has no state, the returned
     * oauth_token (or, on a refusal, Twitter's denied=) equals the request token kept in the session.
     */
    private boolean answersOurRedirect(Map<String, String> kept, Map<String, String> params) {
        if (client instanceof OAuth10Client) {
            String returned = params.containsKey("denied") ? params.get("denied") : params.get("oauth_token");
            return Tokens.constantTimeEquals(kept.get(KeptValues.REQUEST_TOKEN), returned);
        }
        return Tokens.constantTimeEquals(kept.get(KeptValues.STATE), params.get("state"));
    }

    @Override
    public Optional<ExchangeResult> exchange(CallbackVerdict.Accepted accepted, ExchangeProgress progress) {
        ExchangeTicket ticket = accepted.ticket();
        Stage stage = Stage.EXCHANGING_CODE;
        try {
            CallContext call = ticket.context.callContext();
            if (!progress.enter(stage)) return Optional.empty();
            Credentials withToken = client.validateCredentials(call, ticket.credentials)
                    .orElseThrow(() -> new ExchangeFailure(FailureReason.TOKEN_ERROR));
            stage = Stage.FETCHING_PROFILE;
            if (!progress.enter(stage)) return Optional.empty();
            UserProfile profile = client.getUserProfile(call, withToken)
                    .orElseThrow(() -> new ExchangeFailure(FailureReason.MISSING_PROFILE));
            return Optional.of(new ExchangeResult(ProfileMapping.toIdentity(name(), trustEmail, profile), TokenExtraction.of(withToken)));
        } catch (ExchangeFailure e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ExchangeFailure(FailureClassifier.classify(e, stage), e);
        }
    }

    @Override
    public RefreshOutcome refresh(String refreshToken) {
        return TokenRefresh.refresh(client, services, refreshToken, connectTimeout, readTimeout);
    }

    @Override
    public boolean offersFreshProfile() {
        return offersFreshProfile;
    }

    @Override
    public FreshProfile freshProfile(String accessToken) {
        // The route refuses such a provider before any worker runs: reaching here is a bug, not a person's input.
        if (!offersFreshProfile) throw new IllegalStateException(name() + " offers no fresh profile");
        return ProfileFetch.fetch(client, accessToken, connectTimeout, readTimeout);
    }

    /** pac4j takes "code=" for a code; an empty one would only cost a doomed call to the provider. */
    private static boolean hasCode(Credentials credentials) {
        return !(credentials instanceof OAuth20Credentials oauth2) || (oauth2.getCode() != null && !oauth2.getCode().isBlank());
    }
}
