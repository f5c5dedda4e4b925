package dev.oauthpreloader.login;

/**
 * The RFC 9207 check: a provider that names itself in {@code iss} on its redirect must name the
 * issuer we expect for the callback it landed on, or the response was mixed up between providers.
 * A response without {@code iss} passes (few providers send it yet), and so does one from a
 * provider whose issuer is not configured: its own redirect URI is then the mix-up defence.
 */
final class AuthorizationIssuer {

    private AuthorizationIssuer() {
    }

    static boolean accepts(String expected, String received) {
        if (received == null || expected == null) return true;
        return expected.equals(received); // RFC 9207 section 2.4: simple string comparison
    }
}
