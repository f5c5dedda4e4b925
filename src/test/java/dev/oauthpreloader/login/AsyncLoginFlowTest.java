package dev.oauthpreloader.login;

import static dev.oauthpreloader.support.FakeProvider.delayed;
import static dev.oauthpreloader.support.FakeProvider.status;
import static dev.oauthpreloader.support.FakeProvider.tokenJson;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.Status;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The async flow end to end: real server, real HTTP, real SQLite, MockWebServer as the provider. */
class AsyncLoginFlowTest {

    static final FakeProvider provider = new FakeProvider();
    /** Every test's operations end within the deadline (4 s) plus a reaper tick. */
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("LOGIN_DEADLINE_SECONDS", "4")
            .nothingPendingAfterEachTestWithin(Duration.ofSeconds(6))
            .closing(provider);

    LoginDriver person;

    @BeforeEach
    void newPerson() {
        person = service.newPerson();
        provider.resetAnswers();
    }

    @Test
    void happy_path_logs_the_person_in_and_greets_them_by_first_name() {
        Map<String, String> authorize = person.start("mock");
        Page callback = person.callback("mock", "code=good-code&state=" + authorize.get("state"));
        assertTrue(callback.isPreloader(), callback.body());
        String op = LoginDriver.operationId(callback);

        person.awaitOk(op);
        Page home = person.success(op);
        assertEquals(200, home.status());
        assertTrue(home.body().contains("Hi, Ada!"), home.body());
        assertEquals("ok", service.statusOf(op));
        assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'mock' AND provider_user_id = '42'"));
    }

    @Test
    void the_token_request_carries_the_code_the_pkce_verifier_and_our_own_redirect_uri() throws Exception {
        Map<String, String> authorize = person.start("mock");
        assertEquals("S256", authorize.get("code_challenge_method"));
        assertEquals(service.baseUrl() + "/callback/mock", authorize.get("redirect_uri"));
        int before = provider.tokenRequests.size();
        String op = LoginDriver.operationId(person.callback("mock", "code=pkce-code&state=" + authorize.get("state")));
        person.awaitFinished(op);

        RecordedRequest token = provider.tokenRequests.get(before);
        Map<String, String> form = Page.params(token.getBody().readUtf8());
        assertEquals("pkce-code", form.get("code"));
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals(service.baseUrl() + "/callback/mock", form.get("redirect_uri"));
        assertEquals(authorize.get("code_challenge"), Tokens.s256(form.get("code_verifier")), "verifier matches the challenge");
        assertNotNull(token.getHeader("Authorization"), "client authenticates with HTTP Basic");
    }

    @Test
    void a_slow_provider_does_not_slow_the_callback_and_the_status_moves_from_pending_to_ok() {
        provider.token(() -> delayed(tokenJson("slow-token"), 2000));
        Map<String, String> authorize = person.start("mock");

        Page callback = person.callback("mock", "code=slow&state=" + authorize.get("state"));
        String op = LoginDriver.operationId(callback);
        // The provider takes 2000 ms; the callback must not have waited for it.
        assertTrue(callback.millis() < 1000, "callback took " + callback.millis() + " ms");
        Status pending = person.status(op);
        assertEquals("pending", pending.status(), pending.toString());
        assertTrue(person.browser.get("/preloader?op=" + op).body().contains("Logging you in"));

        person.awaitOk(op);
        assertTrue(person.success(op).body().contains("Hi, Ada!"));
    }

    @Test
    void the_stages_are_told_to_the_page_from_memory_and_the_row_gets_the_stage_reached_only_at_the_end() {
        provider.userinfo(() -> delayed(status(500, "application/json", "{\"error\":\"server_error\"}"), 1500));
        String op = person.returnWithCode("mock");
        Status fetching = person.status(op + "&wait=3000&since=exchanging_code");
        assertEquals("fetching_profile", fetching.stage(), fetching.toString());
        // The row is written when the operation is inserted and when it ends, not at each stage.
        assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation WHERE public_id = '" + op + "' AND stage = 'queued'"));

        Status failed = person.awaitError(op, "profile_error");
        assertEquals("fetching_profile", failed.stage(), failed.toString());
        assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation WHERE public_id = '" + op
                + "' AND stage = 'fetching_profile' AND token_ms IS NOT NULL"), "the failure keeps the stage it reached");
    }

    @Test
    void a_login_that_timed_out_keeps_the_stage_it_hung_in_and_the_times_before_it() {
        provider.userinfo(FakeProvider::hang);
        String op = person.returnWithCode("mock");
        person.awaitError(op, "timeout");
        // Whoever ended it (the reaper at the deadline, or the worker at its read timeout, which is
        // the deadline too), the row ends up with what only the worker knew.
        await().atMost(Duration.ofSeconds(10)).until(() -> service.count("SELECT COUNT(*) FROM async_operation WHERE public_id = '"
                + op + "' AND stage = 'fetching_profile' AND token_ms IS NOT NULL") == 1);
        assertEquals("timeout", service.reasonOf(op));
    }

    @Test
    void access_denied_at_the_provider_ends_on_a_cancelled_page_and_an_error_row() {
        Map<String, String> authorize = person.start("mock");
        int tokenCalls = provider.tokenRequests.size();
        Page callback = person.callback("mock", "error=access_denied&state=" + authorize.get("state"));
        String op = LoginDriver.operationId(callback);
        Page error = person.browser.follow(callback.location());
        assertEquals(200, error.status());
        assertTrue(error.body().contains("Login cancelled"), error.body());
        assertEquals("error", service.statusOf(op));
        assertEquals("cancelled", service.reasonOf(op));
        assertEquals(tokenCalls, provider.tokenRequests.size(), "a cancelled login exchanges no code");
    }

    @Test
    void token_endpoint_500_ends_in_error_with_a_readable_reason() {
        provider.token(() -> status(500, "text/html", "<html>oops</html>"));
        String op = person.returnWithCode("mock");
        person.awaitError(op, "token_error");
        Page error = person.error(op);
        assertTrue(error.body().contains("failed while exchanging the login code"), error.body());
        assertTrue(error.body().contains("/login/mock"), "offers to try again with the same provider");
    }

    @Test
    void malformed_token_json_ends_in_error_bad_response() {
        provider.token(() -> status(200, "application/json", "{\"access_token\": \"abc\", \"token_"));
        String op = person.returnWithCode("mock");
        person.awaitError(op, "bad_response");
        assertEquals("bad_response", service.reasonOf(op));
    }

    @Test
    void a_provider_that_never_answers_ends_in_a_timeout_after_the_deadline() {
        provider.token(FakeProvider::hang);
        String op = person.returnWithCode("mock");
        person.awaitError(op, "timeout");
        assertTrue(person.error(op).body().contains("did not answer in time"));
    }

    @Test
    void userinfo_500_ends_in_error_profile_error() {
        provider.userinfo(() -> status(500, "application/json", "{\"error\":\"server_error\"}"));
        String op = person.returnWithCode("mock");
        person.awaitError(op, "profile_error");
    }

    @Test
    void a_forged_state_is_refused_with_400_and_starts_nothing() {
        person.start("mock");
        int operations = service.count("SELECT COUNT(*) FROM async_operation");
        Page callback = person.callback("mock", "code=c&state=forged-state-value");
        assertEquals(400, callback.status());
        assertTrue(callback.body().contains("does not belong to a login started in this browser"), callback.body());
        assertEquals(operations, service.count("SELECT COUNT(*) FROM async_operation"));
    }

    @Test
    void starting_a_login_twice_uses_only_the_newest_state() {
        Map<String, String> first = person.start("mock");
        Map<String, String> second = person.start("mock");
        assertEquals(400, person.callback("mock", "code=c&state=" + first.get("state")).status(), "the abandoned state is dead");
        // and that refused attempt did not spoil the live one
        String op = LoginDriver.operationId(person.callback("mock", "code=c2&state=" + second.get("state")));
        person.awaitOk(op);
    }

    @Test
    void a_missing_state_is_refused_with_400() {
        person.start("mock");
        Page callback = person.callback("mock", "code=c");
        assertEquals(400, callback.status());
    }

    @Test
    void a_callback_without_any_login_started_is_refused_with_400() {
        Page callback = person.callback("mock", "code=c&state=s");
        assertEquals(400, callback.status());
        assertFalse(callback.body().contains("Exception"));
    }

    @Test
    void a_missing_code_is_refused_with_400_and_a_clear_message() {
        Map<String, String> authorize = person.start("mock");
        Page callback = person.callback("mock", "state=" + authorize.get("state"));
        assertEquals(400, callback.status());
        assertTrue(callback.body().contains("sent no authorization code"), callback.body());
    }

    @Test
    void an_unknown_provider_gets_404_pages_on_login_and_callback() {
        Page login = person.browser.get("/login/myspace");
        assertEquals(404, login.status());
        assertTrue(login.body().contains("no login provider called"), login.body());
        assertEquals(404, person.browser.get("/callback/myspace?code=a&state=b").status());
    }

    @Test
    void success_while_pending_answers_409_and_logs_nobody_in() {
        provider.token(() -> delayed(tokenJson("t"), 1500));
        String op = person.returnWithCode("mock");
        Page success = person.browser.get("/success?op=" + op);
        assertEquals(409, success.status());
        assertTrue(success.body().contains("still in progress"), success.body());
        assertFalse(person.browser.get("/").body().contains("Hi,"));
        person.awaitFinished(op);
    }

    @Test
    void get_status_without_an_operation_answers_404_json() {
        Page page = person.browser.get("/get-status");
        assertEquals(404, page.status());
        assertTrue(page.header("Content-Type").startsWith("application/json"));
        assertEquals("unknown", Status.of(page).status(), page.body());
    }

    @Test
    void refreshing_the_callback_shows_the_same_login_and_starts_no_second_exchange() {
        Map<String, String> authorize = person.start("mock");
        String query = "code=once&state=" + authorize.get("state");
        String op = LoginDriver.operationId(person.callback("mock", query));
        person.awaitFinished(op);
        int tokenCalls = provider.tokenRequests.size();

        Page again = person.callback("mock", query);
        assertEquals(op, LoginDriver.operationId(again), "the refresh leads to the same operation");
        assertEquals(tokenCalls, provider.tokenRequests.size(), "no second exchange");
        assertEquals("ok", service.statusOf(op));
    }

    @Test
    void the_same_callback_replayed_from_another_browser_is_refused() {
        Map<String, String> authorize = person.start("mock");
        String query = "code=stolen&state=" + authorize.get("state");
        String op = LoginDriver.operationId(person.callback("mock", query));
        person.awaitFinished(op);

        LoginDriver attacker = service.newPerson();
        Page replay = attacker.callback("mock", query);
        assertEquals(400, replay.status());
        assertEquals(404, attacker.browser.getJson("/get-status?op=" + op).status(), "another session cannot see the operation");
        assertEquals(404, attacker.browser.get("/success?op=" + op).status());
        assertFalse(attacker.browser.get("/").body().contains("Hi,"));
    }

    @Test
    void success_logs_in_once_and_a_second_success_from_elsewhere_cannot_reuse_it() {
        String op = person.returnWithCode("mock");
        person.awaitFinished(op);
        Page first = person.browser.get("/success?op=" + op);
        assertEquals(302, first.status());
        Page refresh = person.browser.get("/success?op=" + op);
        assertEquals(302, refresh.status(), "a refresh after login just goes home");
        assertTrue(person.browser.follow("/").body().contains("Hi, Ada!"));
        assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL AND public_id = '" + op + "'"));
    }

    @Test
    void logout_by_post_with_the_csrf_token_ends_the_session() {
        String op = person.returnWithCode("mock");
        person.awaitFinished(op);
        Page home = person.success(op);
        String csrf = LoginDriver.csrf(home);
        assertEquals(403, person.browser.post("/logout", Map.of("csrf", "wrong")).status());
        assertTrue(person.browser.get("/").body().contains("Hi, Ada!"), "a wrong token logs nobody out");
        Page logout = person.browser.post("/logout", Map.of("csrf", csrf));
        assertEquals(302, logout.status());
        assertFalse(person.browser.get("/").body().contains("Hi,"));
    }
}
