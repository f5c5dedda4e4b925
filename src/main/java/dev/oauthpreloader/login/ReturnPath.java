package dev.oauthpreloader.login;

import io.javalin.http.BadRequestResponse;
import java.util.regex.Pattern;

/**
 * Where /success sends the person, from {@code /login/{provider}?next=…}: only a path on this
 * site. Anything else is refused with 400 rather than silently dropped, so a crafted link fails
 * visibly. The allowed characters leave out backslash, whitespace and controls, which browsers
 * strip or turn into '/' (so "/\evil.com" or "/\t/evil.com" would become "//evil.com").
 */
final class ReturnPath {

    static final String REFUSED = "The return address must be a path on this site, such as /account.";
    private static final int MAX_LENGTH = 512;
    /** One '/', then no second '/' right away, then RFC 3986 path and query characters. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

    private ReturnPath() {
    }

    /** The path itself, or null when none was asked for; throws 400 for anything that is not a local path. */
    static String parse(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        if (raw.length() > MAX_LENGTH || !LOCAL_PATH.matcher(raw).matches()) throw new BadRequestResponse(REFUSED);
        return raw;
    }
}
