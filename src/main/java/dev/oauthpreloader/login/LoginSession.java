package dev.oauthpreloader.login;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.session.Session;
import dev.oauthpreloader.session.Sessions;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What this service keeps in a browser's session, behind names. The binding secret ties async
 * operations to the session: rows store only its hash, so a leaked row or log proves nothing.
 *
 * <p>Logging in renews the session id and rotates the CSRF token and the binding, so nothing seen
 * or planted before the login (an id, a token, an operation started in a fixated session) is worth
 * anything after it. The one operation that logged the session in stays visible to it, so that a
 * refresh of /success or of the callback still goes home. Logging out ends the session entirely.
 */
public final class LoginSession {

    private static final String BINDING = "login.binding";
    private static final String CSRF = "login.csrf";
    private static final String USER = "login.user";
    /** The provider of the identity this session logged in with, for forward-auth and logout at the provider. */
    private static final String PROVIDER = "login.provider";
    private static final String CURRENT_OPERATION = "login.operation";
    private static final String LAST_CALLBACK = "login.lastCallback";
    private static final String RETURN_PATH = "login.returnPath";
    private static final String CONNECT = "login.connect";
    private static final String KEPT = "login.kept.";
    /** The operation that logged this session in, and the hash of the binding it was started under. */
    private static final String LOGGED_IN_BY = "login.loggedInBy";
    private static final String LOGGED_IN_BY_BINDING = "login.loggedInByBinding";
    private static final Pattern PUBLIC_ID = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    private final Context ctx;
    private final Session session;

    private LoginSession(Context ctx) {
        this.ctx = ctx;
        this.session = Sessions.of(ctx);
    }

    public static LoginSession of(Context ctx) {
        return new LoginSession(ctx);
    }

    /** The hash stored in async_operation.session_binding for operations this session starts. */
    public String bindingHash() {
        // The preloader page that follows needs the CSRF token: minting it now saves that page a write.
        secret(CSRF);
        return Tokens.sha256(secret(BINDING));
    }

    /**
     * The binding hash of the operation this request names (?op=, else the session's latest), if
     * the session has one; an empty session owns no operation.
     */
    public Optional<String> existingBindingHash() {
        String requested = ctx.queryParam("op");
        Optional<String> named = requested != null && PUBLIC_ID.matcher(requested).matches() ? Optional.of(requested) : currentOperation();
        return named.isPresent() ? bindingHashFor(named.get()) : session.get(BINDING).map(Tokens::sha256);
    }

    /** The binding hash that operation {@code publicId} must carry to belong to this session, if any. */
    public Optional<String> bindingHashFor(String publicId) {
        if (session.get(LOGGED_IN_BY).map(publicId::equals).orElse(false)) return session.get(LOGGED_IN_BY_BINDING);
        return session.get(BINDING).map(Tokens::sha256);
    }

    public String csrfToken() {
        return secret(CSRF);
    }

    public boolean csrfMatches(String candidate) {
        return Tokens.constantTimeEquals(session.get(CSRF).orElse(null), candidate);
    }

    public Optional<Long> userId() {
        try {
            return session.get(USER).map(Long::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The provider whose identity logged this session in, if it is logged in. */
    public Optional<String> loginProvider() {
        return userId().isPresent() ? session.get(PROVIDER) : Optional.empty();
    }

    /**
     * Logs the person in under a new session id, so an id planted before login is worthless after.
     *
     * @param provider the provider of the identity that logged in
     */
    public void logIn(long userProfileId, String provider) {
        String requested = ctx.queryParam("op");
        Optional<String> loggedInBy = requested != null && PUBLIC_ID.matcher(requested).matches()
                ? Optional.of(requested) : currentOperation();
        Optional<String> oldBinding = loggedInBy.flatMap(this::bindingHashFor);
        session.renewId();
        session.put(USER, Long.toString(userProfileId));
        session.put(PROVIDER, provider);
        session.put(CSRF, Tokens.random());
        session.remove(BINDING); // a new one is minted if this session starts another login
        if (loggedInBy.isPresent() && oldBinding.isPresent()) {
            session.put(LOGGED_IN_BY, loggedInBy.get());
            session.put(LOGGED_IN_BY_BINDING, oldBinding.get());
        } else {
            session.remove(LOGGED_IN_BY);
            session.remove(LOGGED_IN_BY_BINDING);
        }
    }

    /** Ends the session, on every node: the old cookie is worth nothing, and the browser is told to drop it. */
    public void logOut() {
        session.end();
    }

    /** Where /success should go after this login (a local path or an allowed URL, checked by ReturnPath), or none. */
    public void rememberReturnPath(String path) {
        session.put(RETURN_PATH, path);
    }

    /** The remembered return path, forgotten as it is read. */
    public Optional<String> takeReturnPath() {
        Optional<String> path = session.get(RETURN_PATH);
        session.remove(RETURN_PATH);
        return path;
    }

    public Optional<String> currentOperation() {
        return session.get(CURRENT_OPERATION);
    }

    /** Remembers the operation a callback started, and which callback it was, so a refresh finds it. */
    public void startedOperation(String publicId, String callbackFingerprint) {
        session.put(CURRENT_OPERATION, publicId);
        session.put(LAST_CALLBACK, callbackFingerprint);
    }

    /** A logged-in person asked to connect {@code provider}: its callback then links instead of logging in. */
    public void connecting(String provider) {
        session.put(CONNECT, provider);
    }

    /**
     * The account a callback from {@code provider} should connect to: the logged-in one, if this
     * session asked to connect that provider. Forgets the request either way, so a later plain
     * login is a login.
     */
    public Optional<Long> takeConnectRequest(String provider) {
        Optional<String> asked = session.get(CONNECT);
        session.remove(CONNECT);
        return asked.map(provider::equals).orElse(false) ? userId() : Optional.empty();
    }

    public boolean isLastCallback(String callbackFingerprint) {
        return session.get(LAST_CALLBACK).map(callbackFingerprint::equals).orElse(false);
    }

    /** What a provider's redirect left for its callback (state, verifier, nonce): replaces an earlier login's. */
    public void keepForCallback(String provider, Map<String, String> values) {
        session.putMap(KEPT + provider, values);
    }

    public Map<String, String> keptForCallback(String provider) {
        return session.getMap(KEPT + provider);
    }

    /** Once a callback matched them: that makes every state single-use. */
    public void forgetKeptForCallback(String provider) {
        session.remove(KEPT + provider);
    }

    private String secret(String name) {
        Optional<String> value = session.get(name);
        if (value.isPresent()) return value.get();
        String minted = Tokens.random();
        session.put(name, minted);
        return minted;
    }
}
