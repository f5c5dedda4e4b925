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

/** One person, many identities: connecting a provider from the index page, and linking by verified email at trusted providers. */
class IdentityLinkingTest {

    static final FakeProvider alpha = new FakeProvider();
    static final FakeProvider beta = new FakeProvider();
    /** A generic provider left at the default: its word that an address is verified is not believed. */
    static final FakeProvider gamma = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(alpha.env("alpha"))
            .env(beta.env("beta"))
            .env(gamma.env("gamma"))
            .env("OAUTH2_PROVIDERS", "alpha,beta,gamma")
            .env("OAUTH2_ALPHA_TRUST_EMAIL", "true")
            .env("OAUTH2_BETA_TRUST_EMAIL", "true")
            .env("SIMULATOR_ENABLED", "false")
            .closing(alpha, beta, gamma);
    static final AccountFlows flows = new AccountFlows(service);

    @Test
    void a_verified_email_at_a_second_trusted_provider_joins_the_existing_account() {
        login(service.newBrowser(), alpha, "alpha", user("a-1", "Ada", "ada@example.org", true));
        login(service.newBrowser(), beta, "beta", user("b-1", "Ada", "ADA@example.org", true));
        assertEquals(ownerOf("alpha", "a-1"), ownerOf("beta", "b-1"));
    }

    @Test
    void an_untrusted_provider_claiming_a_verified_email_never_links_and_is_stored_as_unverified() {
        login(service.newBrowser(), alpha, "alpha", user("a-8", "Hana", "hana@example.org", true));
        login(service.newBrowser(), gamma, "gamma", user("g-8", "Mallory", "hana@example.org", true));
        assertNotEquals(ownerOf("alpha", "a-8"), ownerOf("gamma", "g-8"));
        assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'gamma' AND provider_user_id = 'g-8'"
                + " AND email = 'hana@example.org' AND email_verified = FALSE"));
    }

    @Test
    void an_account_made_at_an_untrusted_provider_is_never_linked_to() {
        login(service.newBrowser(), gamma, "gamma", user("g-9", "Mallory", "ivo@example.org", true));
        login(service.newBrowser(), alpha, "alpha", user("a-9", "Ivo", "ivo@example.org", true));
        assertNotEquals(ownerOf("gamma", "g-9"), ownerOf("alpha", "a-9"));
    }

    @Test
    void a_row_stored_as_verified_before_its_provider_was_distrusted_links_nothing() {
        login(service.newBrowser(), gamma, "gamma", user("g-10", "Mallory", "jon@example.org", true));
        // As an earlier version, which believed every provider, would have stored it.
        service.db().useHandle(h -> h.execute("UPDATE identity SET email_verified = TRUE WHERE provider = 'gamma' AND provider_user_id = 'g-10'"));
        login(service.newBrowser(), alpha, "alpha", user("a-10", "Jon", "jon@example.org", true));
        assertNotEquals(ownerOf("gamma", "g-10"), ownerOf("alpha", "a-10"));
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
        return AccountFlows.user(id, first, email, verified);
    }

    private static void login(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        flows.login(browser, provider, name, userinfo);
    }

    private static void connect(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        flows.connect(browser, provider, name, userinfo);
    }

    private static Page connectExpectingError(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        Map<String, String> authorize = flows.startConnect(browser, name);
        LoginDriver person = new LoginDriver(browser);
        String op = LoginDriver.operationId(person.callback(name, "code=c&state=" + authorize.get("state")));
        person.awaitError(op, "identity_taken");
        assertEquals("identity_taken", service.reasonOf(op));
        return person.error(op);
    }

    private static String csrf(Browser browser) {
        return AccountFlows.csrf(browser);
    }

    private static long ownerOf(String provider, String id) {
        return flows.ownerOf(provider, id);
    }
}
