package dev.oauthpreloader.account;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One person, many identities: connecting a provider from the index page, and linking by verified email. */
class IdentityLinkingTest {

    static FakeProvider alpha;
    static FakeProvider beta;
    static RunningService service;

    @BeforeAll
    static void start() {
        alpha = new FakeProvider();
        beta = new FakeProvider();
        Map<String, String> env = new HashMap<>(alpha.env("alpha"));
        env.putAll(beta.env("beta"));
        env.put("OAUTH2_PROVIDERS", "alpha,beta");
        env.put("SIMULATOR_ENABLED", "false");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        alpha.close();
        beta.close();
    }

    @Test
    void a_verified_email_at_a_second_provider_joins_the_existing_account() {
        login(service.newBrowser(), alpha, "alpha", user("a-1", "Ada", "ada@example.org", true));
        login(service.newBrowser(), beta, "beta", user("b-1", "Ada", "ADA@example.org", true));
        assertEquals(ownerOf("alpha", "a-1"), ownerOf("beta", "b-1"));
    }

    @Test
    void an_unverified_email_never_links() {
        login(service.newBrowser(), alpha, "alpha", user("a-2", "Bob", "bob@example.org", true));
        login(service.newBrowser(), beta, "beta", user("b-2", "Mallory", "bob@example.org", false));
        assertNotEquals(ownerOf("alpha", "a-2"), ownerOf("beta", "b-2"));
    }

    @Test
    void an_account_whose_email_is_unverified_is_never_linked_to() {
        login(service.newBrowser(), alpha, "alpha", user("a-3", "Cleo", "cleo@example.org", false));
        login(service.newBrowser(), beta, "beta", user("b-3", "Cleo", "cleo@example.org", true));
        assertNotEquals(ownerOf("alpha", "a-3"), ownerOf("beta", "b-3"));
    }

    @Test
    void a_logged_in_person_connects_another_provider_and_sees_both_on_the_index_page() {
        Browser browser = service.newBrowser();
        login(browser, alpha, "alpha", user("a-4", "Dora", "dora@example.org", false));
        Page index = browser.get("/");
        assertTrue(index.body().contains("Connect Beta"), index.body());

        connect(browser, beta, "beta", user("b-4", "Dora B", "other-address@example.org", false));
        Page after = browser.get("/");
        assertTrue(after.body().contains("Hi, Dora!"), after.body());
        assertTrue(after.body().contains("id=\"connected-alpha\""), after.body());
        assertTrue(after.body().contains("id=\"connected-beta\""), after.body());
        assertEquals(ownerOf("alpha", "a-4"), ownerOf("beta", "b-4"));
        assertEquals(1, service.count("SELECT COUNT(*) FROM async_operation WHERE provider = 'beta' AND link_user_profile_id = "
                + ownerOf("alpha", "a-4")));
    }

    @Test
    void connect_never_takes_an_identity_that_belongs_to_another_account() {
        login(service.newBrowser(), beta, "beta", user("b-5", "Erin", null, false));
        long erin = ownerOf("beta", "b-5");
        Browser mallory = service.newBrowser();
        login(mallory, alpha, "alpha", user("a-5", "Mallory", null, false));

        Page error = connectExpectingError(mallory, beta, "beta", user("b-5", "Erin", null, false));
        assertTrue(error.body().contains("already connected to another account"), error.body());
        assertEquals(erin, ownerOf("beta", "b-5"), "the identity stays with its owner");
        assertTrue(mallory.get("/").body().contains("Hi, Mallory!"), "still logged in as before");
    }

    @Test
    void connect_needs_the_pages_csrf_token_and_a_login() {
        Browser browser = service.newBrowser();
        assertEquals(403, browser.post("/connect/beta", Map.of("csrf", "forged")).status());
        login(browser, alpha, "alpha", user("a-6", "Finn", null, false));
        assertEquals(403, browser.post("/connect/beta", Map.of("csrf", "forged")).status());
    }

    @Test
    void a_plain_login_after_an_abandoned_connect_is_a_login_again() {
        Browser browser = service.newBrowser();
        login(browser, alpha, "alpha", user("a-7", "Gus", null, false));
        assertEquals(302, browser.post("/connect/beta", Map.of("csrf", csrf(browser))).status());
        login(browser, beta, "beta", user("b-7", "Gus", null, false)); // GET /login/beta: not a connect
        assertNotEquals(ownerOf("alpha", "a-7"), ownerOf("beta", "b-7"));
    }

    private static MockResponse user(String id, String first, String email, boolean verified) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"id":"%s","given_name":"%s","family_name":"Test",%s"email_verified":%s}"""
                .formatted(id, first, email == null ? "" : "\"email\":\"" + email + "\",", verified));
    }

    private static void login(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        Map<String, String> authorize = startLogin(browser, name);
        finishOk(browser, name, authorize);
    }

    private static void connect(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        finishOk(browser, name, startConnect(browser, name));
    }

    private static Page connectExpectingError(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        Map<String, String> authorize = startConnect(browser, name);
        String op = operationId(callback(browser, name, "code=c&state=" + authorize.get("state")));
        Page finished = awaitFinished(browser, op, 8000);
        assertTrue(finished.body().contains("\"status\":\"error\""), finished.body());
        assertEquals("identity_taken", service.reasonOf(op));
        return browser.follow("/error?op=" + op);
    }

    private static Map<String, String> startConnect(Browser browser, String name) {
        Page redirect = browser.post("/connect/" + name, Map.of("csrf", csrf(browser)));
        assertEquals(302, redirect.status(), redirect.body());
        return redirect.locationParams();
    }

    private static void finishOk(Browser browser, String name, Map<String, String> authorize) {
        String op = operationId(callback(browser, name, "code=c&state=" + authorize.get("state")));
        Page finished = awaitFinished(browser, op, 8000);
        assertTrue(finished.body().contains("\"status\":\"ok\""), finished.body());
        assertEquals(200, browser.follow("/success?op=" + op).status());
    }

    private static String csrf(Browser browser) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(browser.get("/").body());
        assertTrue(m.find(), "the index page carries a CSRF token");
        return m.group(1);
    }

    private static long ownerOf(String provider, String id) {
        return service.db().withHandle(h -> h.createQuery(
                        "SELECT user_profile_id FROM identity WHERE provider = :p AND provider_user_id = :id")
                .bind("p", provider).bind("id", id).mapTo(Long.class).one());
    }
}
