package dev.oauthpreloader.login;

import io.javalin.http.BadRequestResponse;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where /success sends the person, from {@code /login/{provider}?rd=…} or {@code ?next=…}: a path on
 * this site, or an absolute http(s) URL on BASE_URL's origin or on a host of {@link RedirectHosts}
 * (the application a reverse proxy sent the person from). Anything else is refused with 400 rather
 * than silently dropped, so a crafted link fails visibly. The allowed characters leave out
 * backslash, whitespace and controls, which browsers strip or turn into '/' (so "/\evil.com" or
 * "/\t/evil.com" would become "//evil.com"), and an absolute URL's authority may hold only a host
 * name and a port: no userinfo ("https://app.example.com@evil.com"), no percent-encoding, no
 * fragment.
 */
final class ReturnPath {

    static final String REFUSED = "The return address must be a path on this site, such as /account, "
            + "or an address on a host this service is configured to return to.";
    private static final int MAX_LENGTH = 2048;
    private static final String PATH_CHARACTERS = "[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*";
    /** One '/', then no second '/' right away, then RFC 3986 path and query characters. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])" + PATH_CHARACTERS);
    /** Scheme, host name, port, then a path or a query (or nothing). */
    private static final Pattern ABSOLUTE = Pattern.compile(
            "(?i)(https?)://([a-z0-9.-]+)(?::([0-9]{1,5}))?(?:[/?]" + PATH_CHARACTERS + ")?");

    private final URI baseUrl;
    private final RedirectHosts hosts;

    ReturnPath(String baseUrl, RedirectHosts hosts) {
        this.baseUrl = URI.create(baseUrl);
        this.hosts = hosts;
    }

    /** The address itself, or null when none was asked for; throws 400 for anything this service will not return to. */
    String parse(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        if (raw.length() > MAX_LENGTH) throw new BadRequestResponse(REFUSED);
        if (LOCAL_PATH.matcher(raw).matches() && parses(raw)) return raw;
        Matcher absolute = ABSOLUTE.matcher(raw);
        if (!absolute.matches() || !parses(raw)) throw new BadRequestResponse(REFUSED);
        String scheme = absolute.group(1).toLowerCase(Locale.ROOT);
        String host = absolute.group(2).toLowerCase(Locale.ROOT);
        int port = absolute.group(3) == null ? -1 : Integer.parseInt(absolute.group(3));
        if (port == 0 || port > 65535) throw new BadRequestResponse(REFUSED);
        if (RedirectHosts.sameOrigin(baseUrl, scheme, host, port) || hosts.allows(scheme, host, port)) return raw;
        throw new BadRequestResponse(REFUSED);
    }

    /** Malformed percent-escapes ("%zz") are refused too: a browser would repair them its own way. */
    private static boolean parses(String raw) {
        try {
            URI.create(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
