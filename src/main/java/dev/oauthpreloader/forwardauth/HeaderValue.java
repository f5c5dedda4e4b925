package dev.oauthpreloader.forwardauth;

import java.nio.charset.StandardCharsets;

/**
 * A name or address as a header value. HTTP header values are bytes that proxies pass as
 * ISO-8859-1 at best, and a CR or LF would end the header: anything outside printable ASCII, and
 * '%' itself, is sent as percent-encoded UTF-8 ("Zoë" is "Zo%C3%AB"), so an application decodes
 * every value the same way and a plain ASCII value arrives as it is.
 */
final class HeaderValue {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValue() {
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
