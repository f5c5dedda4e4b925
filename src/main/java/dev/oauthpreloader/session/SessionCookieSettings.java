package dev.oauthpreloader.session;

/**
 * How the session cookie is named and scoped. Always HttpOnly, SameSite=Lax and Path=/.
 *
 * <p>Over https the name carries the {@code __Host-} prefix: the browser then accepts the cookie only
 * with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite it (session
 * fixation from next door). A parent-domain scope (SESSION_COOKIE_DOMAIN, for forward-auth in front of
 * several hosts) cannot keep that prefix: over https the name is then {@code __Secure-}, which still
 * makes the browser refuse the cookie from plain http, but every host under the domain can set it.
 * That is the price of sharing a login across hosts, and why the domain is the deployer's choice.
 *
 * @param name   the cookie's name
 * @param secure sent only over https
 * @param domain the Domain attribute, or null for a host-only cookie
 */
public record SessionCookieSettings(String name, boolean secure, String domain) {

    public static final String NAME = "preloader_session";
    static final String HOST_PREFIX = "__Host-";
    static final String SECURE_PREFIX = "__Secure-";

    public SessionCookieSettings {
        if (name.startsWith(HOST_PREFIX) && (!secure || domain != null)) {
            throw new IllegalArgumentException("a __Host- cookie must be Secure and have no Domain");
        }
        if (name.startsWith(SECURE_PREFIX) && !secure) throw new IllegalArgumentException("a __Secure- cookie must be Secure");
    }

    /** The default for a service whose public address is https (or not). */
    public static SessionCookieSettings forBaseUrl(boolean https) {
        return forBaseUrl(https, null);
    }

    /** The same, scoped to {@code domain} (null: host-only, as above). */
    public static SessionCookieSettings forBaseUrl(boolean https, String domain) {
        if (domain == null) {
            return https ? new SessionCookieSettings(HOST_PREFIX + NAME, true, null) : new SessionCookieSettings(NAME, false, null);
        }
        return https ? new SessionCookieSettings(SECURE_PREFIX + NAME, true, domain) : new SessionCookieSettings(NAME, false, domain);
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
