package dev.oauthpreloader.session;

/**
 * How the session cookie is named and scoped. Always HttpOnly, SameSite=Lax and Path=/.
 *
 * <p>Over https the name carries the {@code __Host-} prefix: the browser then accepts the cookie only
 * with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite it (session
 * fixation from next door). A later parent-domain scope (forward-auth for several hosts) is a
 * {@code domain} here; it cannot keep the {@code __Host-} prefix, and the constructor says so.
 *
 * @param name   the cookie's name
 * @param secure sent only over https
 * @param domain the Domain attribute, or null for a host-only cookie
 */
public record SessionCookieSettings(String name, boolean secure, String domain) {

    public static final String NAME = "preloader_session";
    static final String HOST_PREFIX = "__Host-";

    public SessionCookieSettings {
        if (name.startsWith(HOST_PREFIX) && (!secure || domain != null)) {
            throw new IllegalArgumentException("a __Host- cookie must be Secure and have no Domain");
        }
    }

    /** The default for a service whose public address is https (or not). */
    public static SessionCookieSettings forBaseUrl(boolean https) {
        return https ? new SessionCookieSettings(HOST_PREFIX + NAME, true, null) : new SessionCookieSettings(NAME, false, null);
    }

    /** A Set-Cookie value that gives the browser this session id, until the browser closes. */
    String issue(String id) {
        return name + "=" + id + attributes();
    }

    /** A Set-Cookie value that makes the browser drop the cookie. */
    String expire() {
        return name + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes();
    }

    private String attributes() {
        return "; Path=/" + (domain == null ? "" : "; Domain=" + domain) + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Lax";
    }
}
