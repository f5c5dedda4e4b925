package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which strings count as IP addresses, for TRUSTED_PROXY and X-Forwarded-For: never a host name, never a DNS lookup. */
@Tag("unit")
class ClientAddressTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"127.0.0.1, 127.0.0.1", "::1, 0:0:0:0:0:0:0:1", "[::1], 0:0:0:0:0:0:0:1",
            "0:0:0:0:0:0:0:1, 0:0:0:0:0:0:0:1", "2001:db8::7, 2001:db8:0:0:0:0:0:7", "::ffff:10.0.0.1, 10.0.0.1"})
    void ip_literals_have_one_spelling(String literal, String canonical) {
        assertEquals(Optional.of(canonical), ClientAddress.ipLiteral(literal));
    }

    @ParameterizedTest(name = "{0} is not an address")
    @ValueSource(strings = {"beef", "dead.beef", "cafe", "1.2", "localhost", "proxy.example.com", "999.1.1.1", "1.2.3.4.5",
            "", "::g", "1.2.3.4 "})
    void host_names_and_odd_numbers_are_not_addresses(String value) {
        assertEquals(Optional.empty(), ClientAddress.ipLiteral(value));
    }
}
