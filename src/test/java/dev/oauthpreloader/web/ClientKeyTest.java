package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a rate limit counts as one client: an IPv4 address, or an IPv6 /64 (one subscriber's or one LAN's). */
@Tag("unit")
class ClientKeyTest {

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource({"203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:0:0:0:1, 2001:db8:1:2:0:0:0:0/64",
            "2001:db8:1:2:ffff:ee:dd:cc, 2001:db8:1:2:0:0:0:0/64",
            "2001:db8:1:3:0:0:0:1, 2001:db8:1:3:0:0:0:0/64",
            "0:0:0:0:0:0:0:1, 0:0:0:0:0:0:0:0/64",
            "not-an-address, not-an-address"})
    void an_ipv6_client_is_counted_by_its_64_and_an_ipv4_client_by_its_address(String address, String key) {
        assertEquals(key, ClientAddress.limitKey(address));
    }
}
