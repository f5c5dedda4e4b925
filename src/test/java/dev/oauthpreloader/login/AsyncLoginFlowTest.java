package dev.oauthpreloader.login;

import static dev.oauthpreloader.support.FakeProvider.delayed;
import static dev.oauthpreloader.support.FakeProvider.hang;
import static dev.oauthpreloader.support.FakeProvider.status;
import static dev.oauthpreloader.support.FakeProvider.tokenJson;
import static dev.oauthpreloader.support.FakeProvider.userinfoJson;
import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The async flow end to end: real server, real HTTP, real SQLite, MockWebServer as the provider. */
class AsyncLoginFlowTest {

    static FakeProvider provider;
    static RunningService service;
    Browser browser;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.put("LOGIN_DEADLINE_SECONDS", "4");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        provider.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = service.newBrowser();
        provider.token(() -> tokenJson("at-secret-123"));
        provider.userinfo(() -> userinfoJson("42", "Ada", "Lovelace", "ada@example.org"));
    }

    @AfterEach
    void nothing_is_left_pending_for_long() {
        // Every test's operations end within the deadline (4 s) plus a reaper tick.
        long end = System.currentTimeMillis() + 6000;
        while (service.pendingCount() > 0 && System.currentTimeMillis() < end) sleep(100);
        assertEquals(0, service.pendingCount(), "no operation stays pending");
    }

    @Test
    void happy_path_logs_the_person_in_and_greets_them_by_first_name() {
        Map<String, String> authorize = startLogin(browser, "mock");
        Page callback = callback(browser, "mock", "code=good-code&state=" + authorize.get("state"));
        assertEquals("/preloader", java.net.URI.create(callback.location()).getPath());
        String op = operationId(callback);

        Page finished = awaitFinished(browser, op, 5000);
        assertTrue(finished.body().contains("\"status\":\"ok\""), finished.body());
        Page home = browser.follow("/success?op=" + op);
        assertEquals(200, home.status());
        assertTrue(home.body().contains("Hi, Ada!"), home.body());
        assertEquals("ok", service.statusOf(op));
        assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'mock' AND provider_user_id = '42'"));
    }

    @Test
    void the_token_request_carries_the_code_the_pkce_verifier_and_our_own_redirect_uri() throws Exception {
        Map<String, String> authorize = startLogin(browser, "mock");
        assertEquals("S256", authorize.get("code_challenge_method"));
        assertEquals(service.baseUrl + "/callback/mock", authorize.get("redirect_uri"));
        int before = provider.tokenRequests.size();
        String op = operationId(callback(browser, "mock", "code=pkce-code&state=" + authorize.get("state")));
        awaitFinished(browser, op, 5000);

        RecordedRequest token = provider.tokenRequests.get(before);
        Map<String, String> form = Page.params(token.getBody().readUtf8());
        assertEquals("pkce-code", form.get("code"));
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals(service.baseUrl + "/callback/mock", form.get("redirect_uri"));
        assertEquals(authorize.get("code_challenge"), Tokens.s256(form.get("code_verifier")), "verifier matches the challenge");
        assertNotNull(token.getHeader("Authorization"), "client authenticates with HTTP Basic");
    }

    @Test
    void a_slow_provider_does_not_slow_the_callback_and_the_status_moves_from_pending_to_ok() {
        provider.token(() -> delayed(tokenJson("slow-token"), 2000));
        Map<String, String> authorize = startLogin(browser, "mock");

        Page callback = callback(browser, "mock", "code=slow&state=" + authorize.get("state"));
        String op = operationId(callback);
        // The provider takes 2000 ms; the callback must not have waited for it.
        assertTrue(callback.millis() < 1000, "callback took " + callback.millis() + " ms");
        Page pending = browser.getJson("/get-status?op=" + op);
        assertTrue(pending.body().contains("\"status\":\"pending\""), pending.body());
        assertTrue(browser.get("/preloader?op=" + op).body().contains("Logging you in"));

        Page finished = awaitFinished(browser, op, 5000);
        assertTrue(finished.body().contains("\"status\":\"ok\""), finished.body());
        assertTrue(browser.follow("/success?op=" + op).body().contains("Hi, Ada!"));
    }

    @Test
    void access_denied_at_the_provider_ends_on_a_cancelled_page_and_an_error_row() {
        Map<String, String> authorize = startLogin(browser, "mock");
        Page callback = callback(browser, "mock", "error=access_denied&state=" + authorize.get("state"));
        String op = operationId(callback);
        Page error = browser.follow(callback.location());
        assertEquals(200, error.status());
        assertTrue(error.body().contains("Login cancelled"), error.body());
        assertEquals("error", service.statusOf(op));
        assertEquals("cancelled", service.reasonOf(op));
        assertEquals(0, provider.tokenRequests.stream().filter(r -> r.getBody().readUtf8().contains("access_denied")).count());
    }

    @Test
    void token_endpoint_500_ends_in_error_with_a_readable_reason() {
        provider.token(() -> status(500, "text/html", "<html>oops</html>"));
        String op = completeCallback();
        Page finished = awaitFinished(browser, op, 5000);
        assertTrue(finished.body().contains("\"reason\":\"token_error\""), finished.body());
        Page error = browser.follow("/error?op=" + op);
        assertTrue(error.body().contains("failed while exchanging the login code"), error.body());
        assertTrue(error.body().contains("/login/mock"), "offers to try again with the same provider");
    }

    @Test
    void malformed_token_json_ends_in_error_bad_response() {
        provider.token(() -> status(200, "application/json", "{\"access_token\": \"abc\", \"token_"));
        String op = completeCallback();
        assertTrue(awaitFinished(browser, op, 5000).body().contains("\"reason\":\"bad_response\""));
        assertEquals("bad_response", service.reasonOf(op));
    }

    @Test
    void a_provider_that_never_answers_ends_in_a_timeout_after_the_deadline() {
        provider.token(FakeProvider::hang);
        String op = completeCallback();
        Page finished = awaitFinished(browser, op, 8000);
        assertTrue(finished.body().contains("\"reason\":\"timeout\""), finished.body());
        assertTrue(browser.follow("/error?op=" + op).body().contains("did not answer in time"));
    }

    @Test
    void userinfo_500_ends_in_error_profile_error() {
        provider.userinfo(() -> status(500, "application/json", "{\"error\":\"server_error\"}"));
        String op = completeCallback();
        assertTrue(awaitFinished(browser, op, 5000).body().contains("\"reason\":\"profile_error\""));
    }

    @Test
    void a_forged_state_is_refused_with_400_and_starts_nothing() {
        startLogin(browser, "mock");
        int operations = service.count("SELECT COUNT(*) FROM async_operation");
        Page callback = callback(browser, "mock", "code=c&state=forged-state-value");
        assertEquals(400, callback.status());
        assertTrue(callback.body().contains("does not belong to a login started in this browser"), callback.body());
        assertEquals(operations, service.count("SELECT COUNT(*) FROM async_operation"));
    }

    @Test
    void starting_a_login_twice_uses_only_the_newest_state() {
        Map<String, String> first = startLogin(browser, "mock");
        Map<String, String> second = startLogin(browser, "mock");
        assertEquals(400, callback(browser, "mock", "code=c&state=" + first.get("state")).status(), "the abandoned state is dead");
        // and that refused attempt did not spoil the live one
        String op = operationId(callback(browser, "mock", "code=c2&state=" + second.get("state")));
        assertTrue(awaitFinished(browser, op, 5000).body().contains("\"status\":\"ok\""));
    }

    @Test
    void a_missing_state_is_refused_with_400() {
        startLogin(browser, "mock");
        Page callback = callback(browser, "mock", "code=c");
        assertEquals(400, callback.status());
    }

    @Test
    void a_callback_without_any_login_started_is_refused_with_400() {
        Page callback = callback(browser, "mock", "code=c&state=s");
        assertEquals(400, callback.status());
        assertFalse(callback.body().contains("Exception"));
    }

    @Test
    void a_missing_code_is_refused_with_400_and_a_clear_message() {
        Map<String, String> authorize = startLogin(browser, "mock");
        Page callback = callback(browser, "mock", "state=" + authorize.get("state"));
        assertEquals(400, callback.status());
        assertTrue(callback.body().contains("sent no authorization code"), callback.body());
    }

    @Test
    void an_unknown_provider_gets_404_pages_on_login_and_callback() {
        Page login = browser.get("/login/myspace");
        assertEquals(404, login.status());
        assertTrue(login.body().contains("no login provider called"), login.body());
        assertEquals(404, browser.get("/callback/myspace?code=a&state=b").status());
    }

    @Test
    void success_while_pending_answers_409_and_logs_nobody_in() {
        provider.token(() -> delayed(tokenJson("t"), 1500));
        String op = completeCallback();
        Page success = browser.get("/success?op=" + op);
        assertEquals(409, success.status());
        assertTrue(success.body().contains("still in progress"), success.body());
        assertFalse(browser.get("/").body().contains("Hi,"));
        awaitFinished(browser, op, 5000);
    }

    @Test
    void get_status_without_an_operation_answers_404_json() {
        Page status = browser.get("/get-status");
        assertEquals(404, status.status());
        assertTrue(status.header("Content-Type").startsWith("application/json"));
        assertTrue(status.body().contains("\"status\":\"unknown\""), status.body());
    }

    @Test
    void refreshing_the_callback_shows_the_same_login_and_starts_no_second_exchange() {
        Map<String, String> authorize = startLogin(browser, "mock");
        String query = "code=once&state=" + authorize.get("state");
        String op = operationId(callback(browser, "mock", query));
        awaitFinished(browser, op, 5000);
        int tokenCalls = provider.tokenRequests.size();

        Page again = callback(browser, "mock", query);
        assertEquals(op, operationId(again), "the refresh leads to the same operation");
        assertEquals(tokenCalls, provider.tokenRequests.size(), "no second exchange");
        assertEquals("ok", service.statusOf(op));
    }

    @Test
    void the_same_callback_replayed_from_another_browser_is_refused() {
        Map<String, String> authorize = startLogin(browser, "mock");
        String query = "code=stolen&state=" + authorize.get("state");
        String op = operationId(callback(browser, "mock", query));
        awaitFinished(browser, op, 5000);

        Browser attacker = service.newBrowser();
        Page replay = callback(attacker, "mock", query);
        assertEquals(400, replay.status());
        assertEquals(404, attacker.getJson("/get-status?op=" + op).status(), "another session cannot see the operation");
        assertEquals(404, attacker.get("/success?op=" + op).status());
        assertFalse(attacker.get("/").body().contains("Hi,"));
    }

    @Test
    void success_logs_in_once_and_a_second_success_from_elsewhere_cannot_reuse_it() {
        String op = completeCallback();
        awaitFinished(browser, op, 5000);
        Page first = browser.get("/success?op=" + op);
        assertEquals(302, first.status());
        Page refresh = browser.get("/success?op=" + op);
        assertEquals(302, refresh.status(), "a refresh after login just goes home");
        assertTrue(browser.follow("/").body().contains("Hi, Ada!"));
        assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL AND public_id = '" + op + "'"));
    }

    @Test
    void logout_by_post_with_the_csrf_token_ends_the_session() {
        String op = completeCallback();
        awaitFinished(browser, op, 5000);
        Page home = browser.follow("/success?op=" + op);
        String csrf = home.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertEquals(403, browser.post("/logout", Map.of("csrf", "wrong")).status());
        assertTrue(browser.get("/").body().contains("Hi, Ada!"), "a wrong token logs nobody out");
        Page logout = browser.post("/logout", Map.of("csrf", csrf));
        assertEquals(302, logout.status());
        assertFalse(browser.get("/").body().contains("Hi,"));
    }

    private String completeCallback() {
        Map<String, String> authorize = startLogin(browser, "mock");
        return operationId(callback(browser, "mock", "code=" + Tokens.random() + "&state=" + authorize.get("state")));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
