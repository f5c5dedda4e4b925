package dev.oauthpreloader.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One person, many identities: connecting a provider from the index page, and linking by verified email. */
class IdentityLinkingTest {

    static final FakeProvider alpha = new FakeProvider();
    static final FakeProvider beta = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(alpha.env("alpha"))
            .env(beta.env("beta"))
            .env("OAUTH2_PROVIDERS", "alpha,beta")
            .env("SIMULATOR_ENABLED", "false")
            .closing(alpha, beta);

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
        finishOk(browser, name, new LoginDriver(browser).start(name));
    }

    private static void connect(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        finishOk(browser, name, startConnect(browser, name));
    }

    private static Page connectExpectingError(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        Map<String, String> authorize = startConnect(browser, name);
        LoginDriver person = new LoginDriver(browser);
        String op = LoginDriver.operationId(person.callback(name, "code=c&state=" + authorize.get("state")));
        person.awaitError(op, "identity_taken");
        assertEquals("identity_taken", service.reasonOf(op));
        return person.error(op);
    }

    private static Map<String, String> startConnect(Browser browser, String name) {
        Page redirect = browser.post("/connect/" + name, Map.of("csrf", csrf(browser)));
        assertEquals(302, redirect.status(), redirect.body());
        return redirect.locationParams();
    }

    private static void finishOk(Browser browser, String name, Map<String, String> authorize) {
        LoginDriver person = new LoginDriver(browser);
        String op = LoginDriver.operationId(person.callback(name, "code=c&state=" + authorize.get("state")));
        person.awaitOk(op);
        assertEquals(200, person.success(op).status());
    }

    /** The index page's CSRF token, which its connect buttons post. */
    private static String csrf(Browser browser) {
        return new LoginDriver(browser).csrf();
    }

    private static long ownerOf(String provider, String id) {
        return service.db().withHandle(h -> h.createQuery(
                        "SELECT user_profile_id FROM identity WHERE provider = :p AND provider_user_id = :id")
                .bind("p", provider).bind("id", id).mapTo(Long.class).one());
    }
}
