package dev.oauthpreloader.simulator;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded default: the built-in simulated provider, through the same flow as any provider. */
class SimulatedProviderTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of("LOGIN_DEADLINE_SECONDS", "3"));

    @Test
    void the_scripted_login_takes_a_cookie_keeping_client_to_the_preloader_and_logs_alice_in() {
        Browser browser = service.newBrowser();
        Page preloader = browser.follow("/login/simulator?user=alice&delay=300&outcome=ok&auto=1");
        assertTrue(preloader.isPreloader(), preloader.body());
        String op = LoginDriver.operationInAddress(preloader);
        assertTrue(awaitFinished(browser, op, 5000).body().contains("\"status\":\"ok\""));
        assertTrue(browser.follow("/success?op=" + op).body().contains("Hi, Alice!"));
    }

    @Test
    void the_index_offers_the_simulated_provider_on_the_embedded_default() {
        Page index = service.newBrowser().get("/");
        assertEquals(200, index.status());
        assertTrue(index.body().contains("href=\"/login/simulator\""), index.body());
    }

    @Test
    void the_consent_page_lets_a_tester_pick_user_latency_and_outcome_and_then_logs_in() {
        Browser browser = service.newBrowser();
        Page consent = browser.follow("/login/simulator");
        assertEquals(200, consent.status());
        assertTrue(consent.body().contains("name=\"outcome\""));
        assertTrue(consent.body().contains("name=\"delay\""));
        Map<String, String> form = hiddenFields(consent.body());
        form.put("user", "grace.hopper");
        form.put("delay", "0");
        form.put("outcome", "ok");
        form.put("decision", "allow");
        Page callback = browser.post("/simulator/authorize", form);
        assertEquals("/callback/simulator", URI.create(callback.location()).getPath());
        Page preloader = browser.follow(callback.location());
        String op = LoginDriver.operationInAddress(preloader);
        awaitFinished(browser, op, 5000);
        assertTrue(browser.follow("/success?op=" + op).body().contains("Hi, Grace!"));
    }

    @Test
    void denying_on_the_consent_page_ends_on_the_cancelled_page() {
        Browser browser = service.newBrowser();
        Map<String, String> form = hiddenFields(browser.follow("/login/simulator").body());
        form.put("decision", "deny");
        Page end = browser.follow(browser.post("/simulator/authorize", form).location());
        assertTrue(end.body().contains("Login cancelled"), end.body());
    }

    @ParameterizedTest(name = "outcome={0} ends in error {1}")
    @CsvSource({
            "denied, cancelled",
            "token_error, token_error",
            "bad_json, bad_response",
            "userinfo_error, profile_error",
            "rate_limited, provider_refused",
            // ScribeJava's HttpURLConnection resends the POST after the reset; the replayed code is refused (400).
            "reset, provider_refused",
            "trickle, timeout",
            "hang, timeout"})
    void each_simulated_failure_ends_in_error_with_its_reason(String outcome, String reason) {
        Browser browser = service.newBrowser();
        Page end = browser.follow("/login/simulator?user=bob&outcome=" + outcome + "&auto=1");
        String op = LoginDriver.operationInAddress(end);
        Page status = awaitFinished(browser, op, 6000);
        assertTrue(status.body().contains("\"reason\":\"" + reason + "\""), status.body());
        assertEquals("error", service.statusOf(op));
        Page error = browser.follow("/error?op=" + op);
        assertEquals(200, error.status());
        assertTrue(error.body().contains("data-reason=\"" + reason + "\""), error.body());
    }

    // delay=300 below: a faster login may be over before /preloader is fetched, which then goes straight on to /.
    @Test
    void an_unverified_email_logs_in_with_the_identity_s_email_kept_unverified() {
        Browser browser = service.newBrowser();
        Page end = browser.follow("/login/simulator?user=uma&delay=300&outcome=unverified_email&auto=1");
        String op = LoginDriver.operationInAddress(end);
        assertTrue(awaitFinished(browser, op, 5000).body().contains("\"status\":\"ok\""));
        assertEquals(1, service.count("""
                SELECT COUNT(*) FROM identity WHERE provider = 'simulator' AND provider_user_id = 'sim-uma' AND email_verified = FALSE"""));
    }

    @Test
    void the_embedded_client_is_plain_oauth_2_and_never_looks_at_the_id_token_so_a_wrong_audience_still_logs_in() {
        // What the service does today: the built-in provider is wired as generic OAuth 2.0 (userinfo only).
        Browser browser = service.newBrowser();
        Page end = browser.follow("/login/simulator?user=vic&delay=300&outcome=wrong_aud&auto=1");
        String op = LoginDriver.operationInAddress(end);
        assertTrue(awaitFinished(browser, op, 5000).body().contains("\"status\":\"ok\""));
    }

    @Test
    void a_delay_beyond_the_login_deadline_is_refused_on_a_page_at_the_simulator() {
        Browser browser = service.newBrowser();
        Page authorize = browser.get("/login/simulator?delay=5000&auto=1");
        Page page = browser.get(authorize.location());
        assertEquals(400, page.status());
        assertTrue(page.body().contains("delay must be at most 2000 milliseconds here"), page.body());
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "user=Robert'); DROP TABLE user_profile;--|user must be",
            "delay=-5|delay must be",
            "delay=999999999|delay must be",
            "delay=soon|delay must be",
            "outcome=explode|outcome must be one of"})
    void bad_simulator_choices_get_a_400_page_that_says_what_is_wrong(String query, String message) {
        Page page = service.newBrowser().get("/login/simulator?" + query.replace(" ", "%20").replace("'", "%27").replace(";", "%3B"));
        assertEquals(400, page.status());
        assertTrue(page.body().contains(message), page.body());
    }

    @Test
    void the_token_endpoint_refuses_a_replayed_code_a_wrong_verifier_and_a_wrong_secret() {
        Browser browser = service.newBrowser();
        Page authorize = browser.get("/login/simulator?auto=1");
        Page redirect = browser.get(authorize.location());
        String code = redirect.locationParams().get("code");
        Map<String, String> token = new HashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", service.baseUrl() + "/callback/simulator", "code_verifier", "x".repeat(43),
                "client_id", SimulatorRoutes.CLIENT_ID, "client_secret", SimulatorRoutes.CLIENT_SECRET));
        Page wrongVerifier = browser.post("/simulator/token", token);
        assertEquals(400, wrongVerifier.status());
        assertTrue(wrongVerifier.body().contains("invalid_grant"));
        token.put("client_secret", "guess");
        assertEquals(401, browser.post("/simulator/token", token).status());
    }

    @Test
    void the_authorize_endpoint_never_redirects_to_an_unregistered_uri() {
        Page page = service.newBrowser().get("/simulator/authorize?response_type=code&client_id=oauth-preloader"
                + "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&state=s&code_challenge=" + "a".repeat(43)
                + "&code_challenge_method=S256");
        assertEquals(400, page.status());
        assertEquals(null, page.header("Location"));
    }

    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new HashMap<>();
        var matcher = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (matcher.find()) fields.put(matcher.group(1), matcher.group(2).replace("&#34;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        return fields;
    }
}
