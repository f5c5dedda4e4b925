package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** form-action names 'self' and exactly the providers' authorization origins, and nothing can be smuggled into it. */
@Tag("unit")
class FormActionPolicyTest {

    @Test
    void form_action_lists_each_providers_authorization_origin_once_and_nothing_else() {
        SecurityHeaders headers = new SecurityHeaders(false, () -> List.of(
                "https://github.com/login/oauth/authorize", "https://www.facebook.com/v23.0/dialog/oauth",
                "https://github.com/other", "http://127.0.0.2:8081/authorize?x=1"));
        assertEquals("form-action 'self' http://127.0.0.2:8081 https://github.com https://www.facebook.com",
                directive(headers.currentPolicy(), "form-action"));
    }

    @Test
    void without_other_providers_forms_may_post_only_to_the_service_itself() {
        SecurityHeaders headers = new SecurityHeaders(false, List::of);
        assertEquals("form-action 'self'", directive(headers.currentPolicy(), "form-action"));
        assertEquals(SecurityHeaders.STRICT_POLICY, headers.currentPolicy());
    }

    @Test
    void an_endpoint_learnt_after_start_up_such_as_by_oidc_discovery_joins_the_policy_of_the_next_response() {
        List<String> known = new CopyOnWriteArrayList<>();
        SecurityHeaders headers = new SecurityHeaders(false, () -> known);
        assertEquals("form-action 'self'", directive(headers.currentPolicy(), "form-action"));
        known.add("https://accounts.google.com/o/oauth2/v2/auth");
        assertEquals("form-action 'self' https://accounts.google.com", directive(headers.currentPolicy(), "form-action"));
    }

    @Test
    void an_endpoint_not_known_yet_is_simply_left_out() {
        List<String> known = new java.util.ArrayList<>();
        known.add(null);
        known.add("https://github.com/login/oauth/authorize");
        assertEquals("form-action 'self' https://github.com", directive(new SecurityHeaders(false, () -> known).currentPolicy(), "form-action"));
    }

    @Test
    void the_rest_of_the_policy_stays_strict() {
        String policy = new SecurityHeaders(false, () -> List.of("https://github.com/login/oauth/authorize")).currentPolicy();
        for (String part : List.of("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'")) {
            assertTrue(policy.contains(part), policy);
        }
        assertEquals(9, policy.split("; ").length, policy);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"https://Accounts.Google.COM/o/oauth2/v2/auth?prompt=consent, https://accounts.google.com",
            "http://127.0.0.2:8081/authorize, http://127.0.0.2:8081", "https://login.example.com:443/a, https://login.example.com:443",
            "https://[2001:db8::1]:8443/auth, https://[2001:db8::1]:8443"})
    void an_endpoint_becomes_its_origin(String url, String origin) {
        assertEquals(Optional.of(origin), SecurityHeaders.origin(url));
    }

    @ParameterizedTest(name = "[{0}] is left out")
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,x", "https://a.example;script-src *", "https://a.example 'unsafe-inline'",
            "https://a.example,b.example/", "/relative/authorize", "ftp://files.example/", "", "https://user@"})
    void anything_but_a_plain_http_origin_is_left_out(String url) {
        assertEquals(Optional.empty(), SecurityHeaders.origin(url));
    }

    private static String directive(String policy, String name) {
        for (String part : policy.split("; ")) if (part.startsWith(name + " ")) return part;
        return "";
    }
}
