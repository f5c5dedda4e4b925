package dev.oauthpreloader.provider;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;

/**
 * What pac4j needs from a request, without the request: at redirect time it collects what the client
 * keeps in its session; at callback time it holds a copy made on the request thread, so that the
 * worker can run the client's token exchange and profile fetch after the request has finished.
 * It holds the callback's parameters and the client's own session attributes (state, PKCE
 * verifier, nonce, request token); anything else pac4j might ask of the request is refused, which
 * proves the worker never reaches back into a finished HTTP exchange.
 */
final class DetachedCallContext implements WebContext {

    private final String path;
    private final Map<String, String> parameters;
    private final Map<String, Object> sessionValues;
    private final Map<String, Object> requestAttributes = new HashMap<>();

    DetachedCallContext(String path, Map<String, String> parameters, Map<String, Object> sessionValues) {
        this.path = path;
        this.parameters = Map.copyOf(parameters);
        this.sessionValues = new HashMap<>(sessionValues);
    }

    CallContext callContext() {
        return new CallContext(this, new SnapshotSessionStore());
    }

    /** What the client wrote to its session through this context (at redirect time: state, verifier, nonce). */
    Map<String, Object> sessionValues() {
        return Map.copyOf(sessionValues);
    }

    @Override
    public Optional<String> getRequestParameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    @Override
    public Map<String, String[]> getRequestParameters() {
        Map<String, String[]> all = new HashMap<>();
        parameters.forEach((k, v) -> all.put(k, new String[] {v}));
        return all;
    }

    @Override
    public Optional getRequestAttribute(String name) {
        return Optional.ofNullable(requestAttributes.get(name));
    }

    @Override
    public void setRequestAttribute(String name, Object value) {
        requestAttributes.put(name, value);
    }

    @Override
    public Optional<String> getRequestHeader(String name) {
        return Optional.empty();
    }

    @Override
    public String getRequestMethod() {
        return "GET";
    }

    @Override
    public String getRemoteAddr() {
        throw detached("remote address");
    }

    @Override
    public void setResponseHeader(String name, String value) {
        throw detached("response");
    }

    @Override
    public Optional<String> getResponseHeader(String name) {
        return Optional.empty();
    }

    @Override
    public void setResponseContentType(String content) {
        throw detached("response");
    }

    @Override
    public String getServerName() {
        throw detached("server name");
    }

    @Override
    public int getServerPort() {
        throw detached("server port");
    }

    @Override
    public String getScheme() {
        throw detached("scheme");
    }

    @Override
    public boolean isSecure() {
        throw detached("scheme");
    }

    @Override
    public String getFullRequestURL() {
        throw detached("request URL");
    }

    @Override
    public Collection<Cookie> getRequestCookies() {
        return List.of();
    }

    @Override
    public void addResponseCookie(Cookie cookie) {
        throw detached("response");
    }

    @Override
    public String getPath() {
        return path;
    }

    private static IllegalStateException detached(String what) {
        return new IllegalStateException("the background exchange asked for the finished request's " + what);
    }

    /** The client's session attributes as they were at callback time; writes stay in this copy. */
    private final class SnapshotSessionStore implements SessionStore {

        @Override
        public Optional<String> getSessionId(WebContext context, boolean createSession) {
            return Optional.of("detached");
        }

        @Override
        public Optional<Object> get(WebContext context, String key) {
            return Optional.ofNullable(sessionValues.get(key));
        }

        @Override
        public void set(WebContext context, String key, Object value) {
            if (value == null) sessionValues.remove(key);
            else sessionValues.put(key, value);
        }

        @Override
        public boolean destroySession(WebContext context) {
            sessionValues.clear();
            return true;
        }

        @Override
        public Optional<Object> getTrackableSession(WebContext context) {
            return Optional.empty();
        }

        @Override
        public Optional<SessionStore> buildFromTrackableSession(WebContext context, Object trackableSession) {
            return Optional.empty();
        }

        @Override
        public boolean renewSession(WebContext context) {
            return false;
        }
    }
}
