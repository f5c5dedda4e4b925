package dev.oauthpreloader.simulator;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OIDC_<NAME>_LOGOUT_AT_PROVIDER: logging out of a session that logged in with an OpenID Connect
 * provider also sends the browser to the provider's end_session_endpoint (RP-initiated logout 1.0),
 * with client_id, post_logout_redirect_uri and state, and the provider sends it back.
 */
class LogoutAtProviderTest {

    @Test
    void with_the_setting_on_logout_goes_on_to_the_providers_end_session_endpoint_and_back() {
        try (ServiceWithSimulator local = new ServiceWithSimulator(Map.of(), "local", Map.of("OIDC_LOCAL_LOGOUT_AT_PROVIDER", "true"))) {
            Browser browser = loggedIn(local);
            Page logout = browser.post("/logout", Map.of("csrf", LoginDriver.csrf(browser.get("/"))));
            assertEquals(302, logout.status(), logout.body());
            String location = logout.header("Location");
            assertTrue(location.startsWith(local.simulator.issuer + "/end-session?"), location);
            Map<String, String> params = logout.locationParams();
            assertEquals(ServiceWithSimulator.CLIENT_ID, params.get("client_id"));
            assertEquals(local.baseUrl + "/logged-out", params.get("post_logout_redirect_uri"));
            assertTrue(params.get("state").length() >= 43, "a fresh random state: " + params);
            assertFalse(params.containsKey("id_token_hint"), "no id_token is kept to send");
            assertEquals(401, browser.get("/auth").status(), "our session ended before the browser left");

            Page back = local.simulator.browser().get(location);
            assertEquals(302, back.status(), back.body());
            assertEquals(local.baseUrl + "/logged-out?state=" + params.get("state"), back.header("Location"));
            Page landed = browser.get(back.header("Location"));
            assertEquals("/", landed.header("Location"));
            assertFalse(browser.follow("/").body().contains("id=\"greeting\""));
        }
    }

    @Test
    void with_the_setting_off_logout_ends_only_our_session_as_before() {
        try (ServiceWithSimulator local = new ServiceWithSimulator(Map.of())) {
            Browser browser = loggedIn(local);
            Page logout = browser.post("/logout", Map.of("csrf", LoginDriver.csrf(browser.get("/"))));
            assertEquals(302, logout.status());
            assertEquals("/", logout.header("Location"));
            assertEquals(401, browser.get("/auth").status());
        }
    }

    @Test
    void the_simulator_returns_only_to_an_origin_the_client_registered() {
        try (ServiceWithSimulator local = new ServiceWithSimulator(Map.of())) {
            Browser simulator = local.simulator.browser();
            String endSession = "/simulator/end-session?client_id=" + ServiceWithSimulator.CLIENT_ID + "&post_logout_redirect_uri=";
            assertEquals(400, simulator.get(endSession + "https://evil.example/").status());
            assertEquals(400, simulator.get("/simulator/end-session?client_id=nobody&post_logout_redirect_uri=" + local.baseUrl + "/").status());
            assertEquals(200, simulator.get("/simulator/end-session").status(), "no way back asked for: a line saying it is done");
            assertTrue(local.simulator.getJson("/simulator/.well-known/openid-configuration").path("end_session_endpoint").asText()
                    .endsWith("/simulator/end-session"));
        }
    }

    private static Browser loggedIn(ServiceWithSimulator local) {
        Browser browser = local.browser();
        String op = local.login(browser, "user=alice");
        awaitFinished(browser, op, 10_000);
        Page success = browser.get("/success?op=" + op);
        assertEquals(302, success.status(), success.body());
        assertEquals(202, browser.get("/auth").status());
        return browser;
    }
}
