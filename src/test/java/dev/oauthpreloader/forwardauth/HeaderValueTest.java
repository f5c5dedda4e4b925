package dev.oauthpreloader.forwardauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HeaderValueTest {

    @Test
    void printable_ascii_is_kept_and_everything_else_is_percent_encoded_utf_8() {
        assertEquals("Ada Lovelace <ada@example.com>", HeaderValue.encode("Ada Lovelace <ada@example.com>"));
        assertEquals("Zo%C3%AB", HeaderValue.encode("Zoë"));
        assertEquals("%E5%B1%B1%E7%94%B0", HeaderValue.encode("山田"));
        assertEquals("100%25", HeaderValue.encode("100%"), "so that decoding is never ambiguous");
        assertEquals("Eve%0D%0AX-Auth-Request-Email: admin@example.com", HeaderValue.encode("Eve\r\nX-Auth-Request-Email: admin@example.com"));
        assertEquals("a%09b%7F", HeaderValue.encode("a\tb\u007f"));
    }
}
