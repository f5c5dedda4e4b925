package dev.oauthpreloader.security;

import static dev.oauthpreloader.security.Expect.noStackTrace;
import static dev.oauthpreloader.security.Expect.nobodyLoggedIn;
import static dev.oauthpreloader.security.Expect.operations;
import static dev.oauthpreloader.security.Expect.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an attacker or a broken provider can send to the callback and the operation routes, each
 * with its exact answer. Two generic providers, a and b, are configured at once (with issuers), so
 * that responses can be mixed up between them; the simulator is on too.
 */
class BadInputTest {

    static final String ISSUER_A = "https://issuer-a.example";
    static final String ISSUER_B = "https://issuer-b.example";
    static final String INVALID_STATE = "does not belong to a login started in this browser";
    static final String WRONG_ISSUER = "names a different provider";

    static final FakeProvider a = new FakeProvider();
    static final FakeProvider b = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(a.env("a"))
            .env(b.env("b"))
            .env("OAUTH2_PROVIDERS", "a,b")
            .env("OAUTH2_A_ISSUER", ISSUER_A)
            .env("OAUTH2_B_ISSUER", ISSUER_B)
            .env("LOGIN_DEADLINE_SECONDS", "4")
            .nothingPendingAfterEachTestWithin(Duration.ofSeconds(6))
            .closing(a, b);
    LoginDriver person;
    Browser browser;

    @BeforeEach
    void newPerson() {
        person = service.newPerson();
        browser = person.browser;
    }

    // --- state ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "state query [{0}] is refused")
    @ValueSource(strings = {"code=c&state=forged-state-value", "code=c", "code=c&state=", "code=c&STATE=x",
            "code=c&state=%00", "code=c&state=%20"})
    void a_forged_or_missing_state_is_refused_with_400_and_starts_nothing(String query) {
        person.start("a");
        int tokenCalls = a.tokenRequests.size();
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("a", query));
        assertEquals(tokenCalls, a.tokenRequests.size(), "the provider was never called");
    }

    @Test
    void a_callback_in_a_browser_that_never_started_a_login_is_refused() {
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("a", "code=c&state=" + Tokens.random()));
    }

    @Test
    void another_sessions_state_is_refused_so_nobody_can_be_logged_in_as_the_attacker() {
        LoginDriver attacker = service.newPerson();
        String attackersState = attacker.start("a").get("state");
        person.start("a"); // the victim even has a login of their own in progress
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("a", "code=attackers-code&state=" + attackersState));
        // and the attacker's own login still works: the refusal touched only the victim's session
        String op = LoginDriver.operationId(attacker.callback("a", "code=c&state=" + attackersState));
        attacker.awaitOk(op);
    }

    @Test
    void a_state_is_single_use_the_same_state_with_another_code_starts_no_second_exchange() {
        String state = person.start("a").get("state");
        String op = LoginDriver.operationId(person.callback("a", "code=first&state=" + state));
        person.awaitFinished(op);
        int tokenCalls = a.tokenRequests.size();
        int rows = operations(service);

        Page again = person.callback("a", "code=second&state=" + state);
        assertEquals(op, LoginDriver.operationId(again), "it shows the login the state already started");
        assertEquals(tokenCalls, a.tokenRequests.size(), "no second exchange");
        assertEquals(rows, operations(service));
    }

    @Test
    void a_used_state_is_dead_once_a_newer_login_went_through() {
        String old = person.start("a").get("state");
        person.awaitFinished(LoginDriver.operationId(person.callback("a", "code=one&state=" + old)));
        String newer = person.start("a").get("state");
        person.awaitFinished(LoginDriver.operationId(person.callback("a", "code=two&state=" + newer)));
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("a", "code=three&state=" + old));
    }

    // --- mix-up between providers (RFC 9207, per-provider redirect URIs) ------------------------

    @Test
    void provider_a_state_delivered_to_provider_b_callback_is_refused_and_neither_token_endpoint_is_called() {
        String stateA = person.start("a").get("state");
        person.start("b");
        int callsA = a.tokenRequests.size();
        int callsB = b.tokenRequests.size();
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("b", "code=c&state=" + stateA));
        assertEquals(callsA, a.tokenRequests.size());
        assertEquals(callsB, b.tokenRequests.size());
    }

    @Test
    void a_callback_for_b_can_not_complete_a_login_started_with_a_even_with_the_right_iss() {
        String stateA = person.start("a").get("state");
        refused(service, browser, 400, INVALID_STATE,
                () -> person.callback("b", "code=c&state=" + stateA + "&iss=" + ISSUER_B));
        // the login with a is still alive and completes through a's own callback
        String op = LoginDriver.operationId(person.callback("a", "code=c&state=" + stateA + "&iss=" + ISSUER_A));
        person.awaitOk(op);
    }

    @ParameterizedTest(name = "iss={0} on a's callback is refused")
    @ValueSource(strings = {ISSUER_B, "https://issuer-a.example/", "https://evil.example", "http://issuer-a.example", ""})
    void an_iss_that_is_not_the_providers_issuer_is_refused_with_400_and_burns_the_state(String iss) {
        String state = person.start("a").get("state");
        int tokenCalls = a.tokenRequests.size();
        refused(service, browser, 400, WRONG_ISSUER,
                () -> person.callback("a", "code=c&state=" + state + "&iss=" + URLEncoder.encode(iss, StandardCharsets.UTF_8)));
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("a", "code=c&state=" + state + "&iss=" + ISSUER_A));
        assertEquals(tokenCalls, a.tokenRequests.size());
    }

    @Test
    void a_wrong_iss_on_an_error_response_is_refused_too() {
        String state = person.start("a").get("state");
        refused(service, browser, 400, WRONG_ISSUER,
                () -> person.callback("a", "error=access_denied&state=" + state + "&iss=" + ISSUER_B));
    }

    @Test
    void the_right_iss_is_accepted_and_logs_in() {
        String state = person.start("a").get("state");
        String op = LoginDriver.operationId(person.callback("a", "code=c&state=" + state + "&iss=" + ISSUER_A));
        person.awaitOk(op);
        assertTrue(browser.follow("/success?op=" + op).body().contains("Hi, Ada!"));
    }

    @Test
    void the_simulator_names_itself_in_iss_and_a_forged_iss_on_its_callback_is_refused() {
        Page redirect = browser.get(browser.get("/login/simulator?auto=1").location());
        assertEquals(302, redirect.status());
        Map<String, String> back = redirect.locationParams();
        assertEquals(service.baseUrl() + "/simulator", back.get("iss"));
        refused(service, browser, 400, WRONG_ISSUER, () -> person.callback("simulator",
                "code=" + back.get("code") + "&state=" + back.get("state") + "&iss=https%3A%2F%2Fevil.example"));
    }

    // --- code -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "code query [{0}] is refused as missing")
    @ValueSource(strings = {"", "code=", "CODE=c", "code_=c"})
    void a_missing_code_is_refused_with_400_and_the_provider_is_never_called(String codePart) {
        String state = person.start("a").get("state");
        int tokenCalls = a.tokenRequests.size();
        refused(service, browser, 400, "sent no authorization code",
                () -> person.callback("a", (codePart.isEmpty() ? "" : codePart + "&") + "state=" + state));
        assertEquals(tokenCalls, a.tokenRequests.size());
    }

    @Test
    void a_replayed_code_from_another_browser_is_refused_and_learns_nothing() {
        String state = person.start("a").get("state");
        String query = "code=replayed&state=" + state;
        String op = LoginDriver.operationId(person.callback("a", query));
        person.awaitFinished(op);
        LoginDriver attacker = service.newPerson();
        attacker.start("a");
        refused(service, attacker.browser, 400, INVALID_STATE, () -> attacker.callback("a", query));
        assertEquals("ok", service.statusOf(op), "the victim's operation is untouched");
    }

    @Test
    void replaying_the_callback_after_login_never_logs_in_twice() {
        String state = person.start("a").get("state");
        String query = "code=once&state=" + state;
        String op = LoginDriver.operationId(person.callback("a", query));
        person.awaitFinished(op);
        assertTrue(browser.follow("/success?op=" + op).body().contains("Hi, Ada!"));
        int tokenCalls = a.tokenRequests.size();
        Page replay = browser.follow("/callback/a?" + query);
        assertEquals(200, replay.status());
        assertEquals(tokenCalls, a.tokenRequests.size());
        assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL AND public_id = '" + op + "'"));
    }

    // --- error= ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "error={0} ends as {1}")
    @CsvSource({
            "access_denied, cancelled, Login cancelled",
            "server_error, provider_refused, The provider refused the login request",
            "invalid_scope, provider_refused, The provider refused the login request",
            "temporarily_unavailable, provider_refused, The provider refused the login request",
            "unauthorized_client, provider_refused, The provider refused the login request"})
    void an_error_response_ends_on_the_error_page_with_an_error_row_and_no_exchange(String error, String reason, String text) {
        String state = person.start("a").get("state");
        int tokenCalls = a.tokenRequests.size();
        Page callback = person.callback("a", "error=" + error + "&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=" + state);
        assertEquals(302, callback.status());
        String op = callback.locationParams().get("op");
        assertEquals("error", service.statusOf(op));
        assertEquals(reason, service.reasonOf(op));
        Page page = browser.follow(callback.location());
        assertEquals(200, page.status());
        assertTrue(page.body().contains(text), page.body());
        assertFalse(page.body().contains("<script>alert"), "the provider's description is never echoed");
        noStackTrace(page);
        assertEquals(tokenCalls, a.tokenRequests.size());
        nobodyLoggedIn(browser);
    }

    @ParameterizedTest(name = "error with state [{0}] is refused")
    @ValueSource(strings = {"&state=forged", ""})
    void an_error_response_with_a_forged_or_missing_state_is_refused_and_records_nothing(String statePart) {
        person.start("a");
        refused(service, browser, 400, INVALID_STATE, () -> person.callback("a", "error=access_denied" + statePart));
    }

    // --- oversized and malformed parameters ----------------------------------------------------------

    @Test
    void a_huge_state_is_refused_as_far_too_long() {
        person.start("a");
        refused(service, browser, 400, "far too long", () -> person.callback("a", "code=c&state=" + "s".repeat(5000)));
    }

    @Test
    void a_huge_code_is_refused_as_far_too_long() {
        String state = person.start("a").get("state");
        refused(service, browser, 400, "far too long", () -> person.callback("a", "code=" + "c".repeat(5000) + "&state=" + state));
    }

    @Test
    void a_huge_parameter_name_is_refused_as_far_too_long() {
        String state = person.start("a").get("state");
        refused(service, browser, 400, "far too long", () -> person.callback("a", "n".repeat(200) + "=1&code=c&state=" + state));
    }

    @ParameterizedTest(name = "repeated [{0}] is refused")
    @ValueSource(strings = {"state", "code", "iss", "error"})
    void a_repeated_parameter_is_refused_so_no_two_readers_can_disagree(String name) {
        String state = person.start("a").get("state");
        String query = "code=c&state=" + state + "&iss=" + ISSUER_A + "&error=server_error&" + name + "=" + (name.equals("state") ? state : "x");
        refused(service, browser, 400, "repeats the parameter", () -> person.callback("a", query));
    }

    @Test
    void too_many_parameters_are_refused() {
        String state = person.start("a").get("state");
        StringBuilder query = new StringBuilder("code=c&state=" + state);
        for (int i = 0; i < 25; i++) query.append("&p").append(i).append("=1");
        refused(service, browser, 400, "too many parameters", () -> person.callback("a", query.toString()));
    }

    @ParameterizedTest(name = "garbage [{0}] never gives a 500")
    @ValueSource(strings = {"code=c&state=%ZZ", "code=c&state=%", "code=%C3%28&state=%FF%FE", "code=c&state=%E2%82",
            "code=c&&&state", "=&=&=", "code=c&state=\\x", "code=c&state=a%00b"})
    void percent_garbage_and_broken_utf8_are_refused_with_400(String query) {
        person.start("a");
        int before = operations(service);
        RawRequest raw = RawRequest.get(service.baseUrl(), "/callback/a?" + query, cookieHeader(browser));
        assertEquals(400, raw.status(), raw.head() + "\n" + raw.body());
        assertFalse(raw.body().contains("Exception") || raw.body().contains("\tat ") || raw.body().contains("org.eclipse.jetty"), raw.body());
        assertEquals(before, operations(service));
        nobodyLoggedIn(browser);
    }

    @ParameterizedTest(name = "{0} with a malformed op id answers 400")
    @CsvSource({
            "/get-status?op=short, The login id in this address is malformed",
            "/get-status?op=not%20a%20valid%20id%21%21%21%21%21%21%21%21, The login id in this address is malformed",
            "/preloader?op=%27%20OR%201%3D1%20--%20xxxxxxxxxxxxxxxx, The login id in this address is malformed",
            "/success?op=../../../../etc/passwd/xxxxxxxxxx, The login id in this address is malformed",
            "/error?op=%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00, The login id in this address is malformed",
            "/get-status?wait=-5, wait must be a number of milliseconds",
            "/get-status?wait=soon, wait must be a number of milliseconds"})
    void malformed_operation_ids_and_waits_answer_400(String path, String text) {
        refused(service, browser, 400, text, () -> browser.get(path));
    }

    @ParameterizedTest(name = "{0} for an unknown but well-formed op id answers 404")
    @ValueSource(strings = {"/get-status", "/preloader", "/success", "/error"})
    void an_unknown_operation_looks_like_no_login(String route) {
        person.start("a"); // the browser has a session, just not this operation
        refused(service, browser, 404, "no login in progress", () -> browser.get(route + "?op=" + Tokens.random()));
    }

    @Test
    void an_unknown_provider_answers_404_and_does_not_echo_a_long_name() {
        Page page = refused(service, browser, 404, "no login provider called", () -> browser.get("/login/" + "x".repeat(300)));
        assertFalse(page.body().contains("x".repeat(41)));
        refused(service, browser, 404, "no login provider called", () -> browser.get("/callback/nope?code=c&state=s"));
    }

    // --- another session's operation -----------------------------------------------------------------

    @ParameterizedTest(name = "another session asking {0} gets 404")
    @ValueSource(strings = {"/get-status", "/preloader", "/success", "/error"})
    void another_sessions_operation_answers_404_and_is_left_untouched(String route) {
        String op = finishedLogin(person);
        LoginDriver attacker = service.newPerson();
        attacker.start("a");
        refused(service, attacker.browser, 404, "no login in progress", () -> attacker.browser.get(route + "?op=" + op));
        assertEquals("ok", service.statusOf(op));
        assertEquals(0, service.count("SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL AND public_id = '" + op + "'"));
        assertTrue(browser.follow("/success?op=" + op).body().contains("Hi, Ada!"), "the owner can still use it");
    }

    @Test
    void a_browser_with_no_session_asking_for_an_operation_gets_404() {
        String op = finishedLogin(person);
        Browser stranger = service.newBrowser();
        refused(service, stranger, 404, "no login in progress", () -> stranger.get("/success?op=" + op));
    }

    // --- /success without an ok operation -------------------------------------------------------------

    @Test
    void success_without_any_operation_answers_404() {
        refused(service, browser, 404, "no login in progress", () -> browser.get("/success"));
    }

    @Test
    void success_for_a_failed_operation_goes_to_its_error_page_and_logs_nobody_in() {
        a.token(() -> FakeProvider.status(500, "text/html", "<html>down</html>"));
        try {
            String state = person.start("a").get("state");
            String op = LoginDriver.operationId(person.callback("a", "code=c&state=" + state));
            person.awaitFinished(op);
            Page success = browser.get("/success?op=" + op);
            assertEquals(302, success.status());
            assertEquals("/error", URI.create(success.location()).getPath());
            nobodyLoggedIn(browser);
        } finally {
            a.resetAnswers();
        }
    }

    @Test
    void success_while_pending_answers_409() {
        a.token(() -> FakeProvider.delayed(FakeProvider.tokenJson("at-secret-123"), 1000));
        try {
            String state = person.start("a").get("state");
            String op = LoginDriver.operationId(person.callback("a", "code=c&state=" + state));
            Page success = browser.get("/success?op=" + op);
            assertEquals(409, success.status());
            assertTrue(success.body().contains("still in progress"));
            nobodyLoggedIn(browser);
            person.awaitFinished(op);
        } finally {
            a.resetAnswers();
        }
    }

    @Test
    void the_error_page_of_an_ok_operation_sends_on_to_success_without_logging_in() {
        String op = finishedLogin(person);
        Page error = browser.get("/error?op=" + op);
        assertEquals(302, error.status());
        assertEquals("/success", URI.create(error.location()).getPath());
        nobodyLoggedIn(browser);
    }

    // --- logout ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "logout with csrf [{0}] is refused")
    @ValueSource(strings = {"<none>", "", "wrong", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void logout_without_the_right_csrf_token_is_refused_with_403_and_keeps_the_session(String csrf) {
        logIn(person);
        Page logout = browser.post("/logout", csrf.equals("<none>") ? Map.of() : Map.of("csrf", csrf));
        assertEquals(403, logout.status());
        assertTrue(logout.body().contains("did not come from our page"));
        noStackTrace(logout);
        assertTrue(browser.get("/").body().contains("Hi, Ada!"));
    }

    @Test
    void logout_with_another_sessions_csrf_token_is_refused() {
        LoginDriver other = service.newPerson();
        String othersToken = csrf(logIn(other));
        logIn(person);
        assertEquals(403, browser.post("/logout", Map.of("csrf", othersToken)).status());
        assertTrue(browser.get("/").body().contains("Hi, Ada!"));
    }

    @Test
    void logout_by_get_is_not_a_route_and_keeps_the_session() {
        logIn(person);
        Page logout = browser.get("/logout");
        assertEquals(404, logout.status());
        noStackTrace(logout);
        assertTrue(browser.get("/").body().contains("Hi, Ada!"));
    }

    @Test
    void logout_without_any_session_is_refused() {
        Page logout = browser.post("/logout", Map.of("csrf", "x"));
        assertEquals(403, logout.status());
        nobodyLoggedIn(browser);
    }

    // --- open redirect ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "next={0} is refused")
    @ValueSource(strings = {"//evil.example", "https://evil.example", "/%5Cevil.example", "%5C/evil.example",
            "/%0d%0aLocation:%20https://evil.example", "/%09/evil.example", "javascript:alert(1)", "evil.example",
            "%20/account", "http:/evil.example", "///evil.example", "/ok%0a"})
    void a_next_that_is_not_a_local_path_is_refused_with_400(String next) {
        int before = operations(service);
        Page login = browser.get("/login/a?next=" + next);
        assertEquals(400, login.status(), login.body());
        assertTrue(login.body().contains("must be a path on this site"), login.body());
        assertNull(login.header("Location"));
        noStackTrace(login);
        assertEquals(before, operations(service));
    }

    @Test
    void a_local_next_path_is_where_success_lands() {
        String state = browser.get("/login/a?next=/account%3Ftab%3Dsecurity").locationParams().get("state");
        String op = LoginDriver.operationId(person.callback("a", "code=c&state=" + state));
        person.awaitFinished(op);
        Page success = browser.get("/success?op=" + op);
        assertEquals(302, success.status());
        assertEquals("/account?tab=security", success.header("Location"));
    }

    @Test
    void without_next_success_lands_home_even_after_an_earlier_login_asked_for_one() {
        browser.get("/login/a?next=/somewhere");
        String state = person.start("a").get("state");
        String op = LoginDriver.operationId(person.callback("a", "code=c&state=" + state));
        person.awaitFinished(op);
        assertEquals("/", browser.get("/success?op=" + op).header("Location"));
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static String finishedLogin(LoginDriver who) {
        String state = who.start("a").get("state");
        String op = LoginDriver.operationId(who.callback("a", "code=" + Tokens.random() + "&state=" + state));
        who.awaitOk(op);
        return op;
    }

    private static Page logIn(LoginDriver who) {
        String op = finishedLogin(who);
        Page home = who.success(op);
        assertTrue(home.body().contains("Hi, Ada!"), home.body());
        return home;
    }

    private static String cookieHeader(Browser who) {
        StringBuilder header = new StringBuilder();
        for (HttpCookie cookie : who.cookies.getCookieStore().getCookies()) {
            if (header.length() > 0) header.append("; ");
            header.append(cookie.getName()).append('=').append(cookie.getValue());
        }
        return header.toString();
    }

    /** The CSRF token of {@code home}'s forms (SessionCookieTest reads it here). */
    static String csrf(Page home) {
        return LoginDriver.csrf(home);
    }
}
