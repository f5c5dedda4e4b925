package dev.oauthpreloader.login;

import dev.oauthpreloader.Tokens;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this service keeps in a browser's session, behind names. The binding secret ties async
 * operations to the session: rows store only its hash, so a leaked row or log proves nothing.
 */
public final class LoginSession {

    private static final String BINDING = "login.binding";
    private static final String CSRF = "login.csrf";
    private static final String USER = "login.user";
    private static final String CURRENT_OPERATION = "login.operation";
    private static final String LAST_CALLBACK = "login.lastCallback";
    private static final String RETURN_PATH = "login.returnPath";
    private static final String CONNECT = "login.connect";
    private static final String KEPT = "login.kept.";

    private final Context ctx;

    private LoginSession(Context ctx) {
        this.ctx = ctx;
    }

    public static LoginSession of(Context ctx) {
        return new LoginSession(ctx);
    }

    /** The hash stored in async_operation.session_binding for operations this session starts. */
    public String bindingHash() {
        return Tokens.sha256(stringAttribute(BINDING, true).orElseThrow());
    }

    /** The binding hash if the session exists; an empty session owns no operation. */
    public Optional<String> existingBindingHash() {
        return stringAttribute(BINDING, false).map(Tokens::sha256);
    }

    public String csrfToken() {
        return stringAttribute(CSRF, true).orElseThrow();
    }

    public boolean csrfMatches(String candidate) {
        return Tokens.constantTimeEquals(stringAttribute(CSRF, false).orElse(null), candidate);
    }

    public Optional<Long> userId() {
        HttpSession session = ctx.req().getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((Long) session.getAttribute(USER));
    }

    /** Logs the person in under a new session id, so an id planted before login is worthless after. */
    public void logIn(long userProfileId) {
        ctx.req().getSession(true);
        ctx.req().changeSessionId();
        ctx.req().getSession().setAttribute(USER, userProfileId);
    }

    /** Ends the session and starts an empty one under a new id, so the old cookie is worth nothing. */
    public void logOut() {
        HttpSession session = ctx.req().getSession(false);
        if (session != null) session.invalidate();
        ctx.req().getSession(true);
    }

    /** Where /success should go after this login (a local path checked by ReturnPath), or none. */
    public void rememberReturnPath(String path) {
        if (path == null) {
            HttpSession session = ctx.req().getSession(false);
            if (session != null) session.removeAttribute(RETURN_PATH);
        } else {
            ctx.req().getSession(true).setAttribute(RETURN_PATH, path);
        }
    }

    /** The remembered return path, forgotten as it is read. */
    public Optional<String> takeReturnPath() {
        Optional<String> path = stringAttribute(RETURN_PATH, false);
        path.ifPresent(p -> ctx.req().getSession().removeAttribute(RETURN_PATH));
        return path;
    }

    public Optional<String> currentOperation() {
        return stringAttribute(CURRENT_OPERATION, false);
    }

    /** Remembers the operation a callback started, and which callback it was, so a refresh finds it. */
    public void startedOperation(String publicId, String callbackFingerprint) {
        HttpSession session = ctx.req().getSession(true);
        session.setAttribute(CURRENT_OPERATION, publicId);
        session.setAttribute(LAST_CALLBACK, callbackFingerprint);
    }

    /** A logged-in person asked to connect {@code provider}: its callback then links instead of logging in. */
    public void connecting(String provider) {
        ctx.req().getSession(true).setAttribute(CONNECT, provider);
    }

    /**
     * The account a callback from {@code provider} should connect to: the logged-in one, if this
     * session asked to connect that provider. Forgets the request either way, so a later plain
     * login is a login.
     */
    public Optional<Long> takeConnectRequest(String provider) {
        HttpSession session = ctx.req().getSession(false);
        if (session == null) return Optional.empty();
        Object asked = session.getAttribute(CONNECT);
        session.removeAttribute(CONNECT);
        return provider.equals(asked) ? userId() : Optional.empty();
    }

    public boolean isLastCallback(String callbackFingerprint) {
        return stringAttribute(LAST_CALLBACK, false).map(callbackFingerprint::equals).orElse(false);
    }

    /** What a provider's redirect left for its callback (state, verifier, nonce): replaces an earlier login's. */
    public void keepForCallback(String provider, Map<String, String> values) {
        forgetKeptForCallback(provider);
        HttpSession session = ctx.req().getSession(true);
        values.forEach((key, value) -> session.setAttribute(KEPT + provider + "." + key, value));
    }

    public Map<String, String> keptForCallback(String provider) {
        HttpSession session = ctx.req().getSession(false);
        if (session == null) return Map.of();
        Map<String, String> values = new HashMap<>();
        String prefix = KEPT + provider + ".";
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(prefix)) values.put(name.substring(prefix.length()), (String) session.getAttribute(name));
        }
        return values;
    }

    /** Once a callback matched them: that makes every state single-use. */
    public void forgetKeptForCallback(String provider) {
        HttpSession session = ctx.req().getSession(false);
        if (session == null) return;
        String prefix = KEPT + provider + ".";
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith(prefix)) session.removeAttribute(name);
        }
    }

    private Optional<String> stringAttribute(String name, boolean create) {
        HttpSession session = ctx.req().getSession(create);
        if (session == null) return Optional.empty();
        String value = (String) session.getAttribute(name);
        if (value == null && create) {
            value = Tokens.random();
            session.setAttribute(name, value);
        }
        return Optional.ofNullable(value);
    }
}
