package dev.oauthpreloader.provider;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A provider people can log in with, whatever protocol it speaks. The login flow sees only these
 * three steps: the redirect, the judgement of the callback (on the request thread, without calling
 * the provider), and the exchange of an accepted code (in the worker, where waiting is cheap).
 */
public interface LoginProvider {

    /** The name in URLs ({@code /login/<name>}, {@code /callback/<name>}) and in the database. */
    String name();

    /** What the button says after "Log in with". */
    String label();

    /** Where the browser is sent to log in (for the page policy's form-action), or empty until known. */
    Optional<String> authorizationEndpoint();

    /**
     * Where to send the browser after our logout so that the provider ends its session too (OpenID
     * Connect RP-initiated logout 1.0), when configured and the provider names an
     * end_session_endpoint; empty otherwise. Never calls the provider.
     *
     * @param postLogoutRedirectUri where the provider should send the browser back; registered there
     * @param state                 handed back with it
     */
    default Optional<String> logoutRedirect(String postLogoutRedirectUri, String state) {
        return Optional.empty();
    }

    /** The end_session_endpoint a logout form may be redirected to (for the page policy), if logout at the provider is on and known. */
    default Optional<String> logoutEndpoint() {
        return Optional.empty();
    }

    /**
     * The authorization redirect for a fresh login, and what its callback must find again (state,
     * PKCE verifier, nonce or request token), as plain strings for the session.
     *
     * @param loginParameter the /login request's query, for a provider that takes per-login choices
     * @throws ProviderUnavailable when the provider must be asked first and cannot be reached
     */
    AuthorizationRedirect redirect(Function<String, String> loginParameter);

    /** Whether a callback answers the redirect that kept {@code kept}, and if so what it brought. */
    CallbackVerdict judge(Map<String, String> kept, Map<String, String> callbackParameters);

    /**
     * Trades an accepted callback for the person's identity at the provider and the tokens it gave, telling {@code progress}
     * before each stage. Empty when progress answered that the login already ended elsewhere.
     *
     * @throws dev.oauthpreloader.operation.ExchangeFailure with the reason a person is shown
     */
    Optional<ExchangeResult> exchange(CallbackVerdict.Accepted accepted, ExchangeProgress progress);

    /**
     * Trades a refresh token for new tokens (the refresh grant), within the provider timeouts. Called
     * only from the background: never on a request a person waits on without a deadline.
     */
    RefreshOutcome refresh(String refreshToken);

    /** Whether "show what the provider says now" is offered: GitHub, generic OAuth 2.0 and OpenID Connect, the simulator. */
    boolean offersFreshProfile();

    /**
     * The person's profile as the provider gives it now, fetched with a kept access token, within
     * the provider timeouts. Called only from a worker, and only where {@link #offersFreshProfile}.
     *
     * @throws dev.oauthpreloader.operation.ExchangeFailure with the reason a person is shown
     */
    FreshProfile freshProfile(String accessToken);
}
