package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.ServiceExtension;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What /login sends to each provider: a fresh 256-bit state, an S256 challenge and that provider's own redirect URI. */
class AuthorizationRequestTest {

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock")).closing(provider);

    @ParameterizedTest(name = "/login/{0}")
    @ValueSource(strings = {"mock", "simulator"})
    void every_login_sends_a_fresh_256_bit_state_an_s256_challenge_and_its_own_redirect_uri(String name) {
        Set<String> states = new HashSet<>();
        Set<String> challenges = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Map<String, String> authorize = service.newPerson().start(name);
            String state = authorize.get("state");
            assertTrue(state.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url: " + state);
            assertEquals("S256", authorize.get("code_challenge_method"));
            assertTrue(authorize.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), authorize.get("code_challenge"));
            assertNotEquals(state, authorize.get("code_challenge"));
            assertEquals(service.baseUrl() + "/callback/" + name, authorize.get("redirect_uri"));
            assertEquals("code", authorize.get("response_type"));
            states.add(state);
            challenges.add(authorize.get("code_challenge"));
        }
        assertEquals(20, states.size(), "no state repeats");
        assertEquals(20, challenges.size(), "no verifier repeats");
    }
}
