package dev.oauthpreloader.account;

import static dev.oauthpreloader.account.AccountFlows.csrf;
import static dev.oauthpreloader.account.AccountFlows.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The logged-in page: each connected provider with when it was last used and what its kept token is
 * worth, and POST /account/disconnect/{provider}, which never removes an account's last provider.
 */
class AccountPageTest {

    static final FakeProvider alpha = new FakeProvider();
    static final FakeProvider beta = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(alpha.env("alpha"))
            .env(beta.env("beta"))
            .env("OAUTH2_PROVIDERS", "alpha,beta")
            .env("SIMULATOR_ENABLED", "false")
            .closing(alpha, beta);
    static final AccountFlows flows = new AccountFlows(service);

    /** 2 Jan 2020, 03:04 UTC. */
    private static final long LONG_AGO = 1_577_934_240_000L;

    @Test
    void the_page_lists_each_connected_provider_with_when_it_was_last_used_and_what_its_token_is_worth() {
        Browser browser = twoProviders("a-1", "b-1");
        long alphaIdentity = flows.identityId("alpha", "a-1");
        long betaIdentity = flows.identityId("beta", "b-1");
        service.db().useHandle(h -> h.execute("UPDATE identity SET last_used_at = ? WHERE id = ?", LONG_AGO, betaIdentity));
        keepToken(alphaIdentity, System.currentTimeMillis() + Duration.ofHours(1).toMillis(), false);
        // Each login kept its tokens: beta's goes, to show the page without one.
        service.db().useHandle(h -> h.execute("DELETE FROM identity_token WHERE identity_id = ?", betaIdentity));

        Page page = browser.get("/");
        assertTrue(page.body().contains("Hi, Ada!"), page.body());
        assertTrue(page.body().contains("id=\"connected-alpha\""), page.body());
        assertTrue(page.body().contains("id=\"connected-beta\""), page.body());
        assertTrue(text(page, "last-used-beta").contains("Last used 2 Jan 2020, 03:04 UTC"), page.body());
        assertTrue(text(page, "token-alpha").startsWith("Token valid until "), page.body());
        assertEquals("No token kept", text(page, "token-beta"));

        keepToken(betaIdentity, null, false);
        assertEquals("Token does not expire", text(browser.get("/"), "token-beta"));
        setToken(betaIdentity, LONG_AGO, false);
        assertEquals("Token expired on 2 Jan 2020, 03:04 UTC", text(browser.get("/"), "token-beta"));
        setToken(betaIdentity, LONG_AGO, true);
        assertEquals("Beta refused to renew its token: it needs a new login", text(browser.get("/"), "token-beta"));
    }

    @Test
    void a_login_through_an_identity_records_when_it_was_last_used() {
        twoProviders("a-2", "b-2");
        long betaIdentity = flows.identityId("beta", "b-2");
        service.db().useHandle(h -> h.execute("UPDATE identity SET last_used_at = ? WHERE id = ?", LONG_AGO, betaIdentity));
        long before = System.currentTimeMillis();
        flows.login(service.newBrowser(), beta, "beta", user("b-2", "Ada", null, false));
        long lastUsed = service.db().withHandle(h -> h.createQuery("SELECT last_used_at FROM identity WHERE id = :id")
                .bind("id", betaIdentity).mapTo(Long.class).one());
        assertTrue(lastUsed >= before, "last used " + lastUsed + ", login began " + before);
    }

    @Test
    void disconnect_removes_the_identity_and_its_tokens_and_offers_to_connect_it_again() {
        Browser browser = twoProviders("a-3", "b-3");
        long betaIdentity = flows.identityId("beta", "b-3");
        keepToken(betaIdentity, null, false);

        Page done = browser.post("/account/disconnect/beta", Map.of("csrf", csrf(browser)));
        assertEquals(302, done.status(), done.body());
        assertEquals(service.baseUrl() + "/", done.location());
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'beta' AND provider_user_id = 'b-3'"));
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity_token WHERE identity_id = " + betaIdentity));

        Page page = browser.get("/");
        assertTrue(page.body().contains("Hi, Ada!"), "still logged in: " + page.body());
        assertFalse(page.body().contains("id=\"connected-beta\""), page.body());
        assertTrue(page.body().contains("id=\"connect-beta\""), page.body());
        assertFalse(page.body().contains("id=\"disconnect-alpha\""), "the last provider offers no Disconnect: " + page.body());
    }

    @Test
    void the_last_provider_is_never_disconnected() {
        Browser browser = service.newBrowser();
        flows.login(browser, alpha, "alpha", user("a-4", "Ada", null, false));
        Page page = browser.get("/");
        assertFalse(page.body().contains("id=\"disconnect-alpha\""), page.body());
        assertTrue(page.body().contains("id=\"only-provider\""), page.body());

        Page refused = browser.post("/account/disconnect/alpha", Map.of("csrf", csrf(browser)));
        assertEquals(409, refused.status());
        assertTrue(refused.body().contains("only way you can log in"), refused.body());
        assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'alpha' AND provider_user_id = 'a-4'"));
    }

    @Test
    void a_disconnect_without_a_login_or_the_pages_csrf_token_or_a_connected_provider_is_refused_in_words() {
        Browser stranger = service.newBrowser();
        assertEquals(403, stranger.post("/account/disconnect/alpha", Map.of("csrf", "forged")).status());
        assertEquals(403, stranger.post("/account/disconnect/alpha", Map.of()).status());

        Browser browser = service.newBrowser();
        flows.login(browser, alpha, "alpha", user("a-5", "Ada", null, false));
        assertEquals(403, browser.post("/account/disconnect/alpha", Map.of()).status());
        Page forged = browser.post("/account/disconnect/alpha", Map.of("csrf", "forged"));
        assertEquals(403, forged.status());
        assertTrue(forged.body().contains("did not come from our page"), forged.body());

        Page unknown = browser.post("/account/disconnect/nosuch", Map.of("csrf", csrf(browser)));
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("no provider called nosuch"), unknown.body());
        Page notConnected = browser.post("/account/disconnect/beta", Map.of("csrf", csrf(browser)));
        assertEquals(409, notConnected.status());
        assertTrue(notConnected.body().contains("Beta is not connected to this account"), notConnected.body());
        assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'alpha' AND provider_user_id = 'a-5'"));
    }

    @Test
    void two_disconnects_at_once_of_an_accounts_last_two_providers_leave_one() throws Exception {
        for (int round = 0; round < 10; round++) {
            Browser browser = twoProviders("a-race-" + round, "b-race-" + round);
            long owner = flows.ownerOf("alpha", "a-race-" + round);
            String csrf = csrf(browser);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (String provider : List.of("alpha", "beta")) {
                statuses.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return browser.post("/account/disconnect/" + provider, Map.of("csrf", csrf)).status();
                }));
            }
            go.countDown();
            List<Integer> answers = statuses.stream().map(CompletableFuture::join).sorted().toList();
            assertEquals(List.of(302, 409), answers, "one disconnect wins, the other is refused");
            assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE user_profile_id = " + owner));
        }
    }

    /** Ada logged in at alpha with beta connected; the browser is logged in. */
    private static Browser twoProviders(String alphaId, String betaId) {
        Browser browser = service.newBrowser();
        flows.login(browser, alpha, "alpha", user(alphaId, "Ada", null, false));
        flows.connect(browser, beta, "beta", user(betaId, "Ada", null, false));
        return browser;
    }

    /**
     * An identity_token row in the state the test needs, over the one the login kept; the sealed
     * bytes mean nothing here, the page never opens them.
     */
    private static void keepToken(long identityId, Long expiresAt, boolean needsLogin) {
        service.db().useHandle(h -> h.createUpdate("""
                        INSERT INTO identity_token (identity_id, key_id, sealed, access_expires_at, needs_login, updated_at)
                        VALUES (:id, 'k1', :sealed, :expires, :needsLogin, :now)
                        ON CONFLICT (identity_id) DO UPDATE SET access_expires_at = excluded.access_expires_at,
                            needs_login = excluded.needs_login, updated_at = excluded.updated_at""")
                .bind("id", identityId).bind("sealed", new byte[] {1, 2, 3}).bind("expires", expiresAt)
                .bind("needsLogin", needsLogin).bind("now", System.currentTimeMillis()).execute());
    }

    private static void setToken(long identityId, Long expiresAt, boolean needsLogin) {
        service.db().useHandle(h -> h.createUpdate(
                        "UPDATE identity_token SET access_expires_at = :expires, needs_login = :needsLogin WHERE identity_id = :id")
                .bind("id", identityId).bind("expires", expiresAt).bind("needsLogin", needsLogin).execute());
    }

    /** The text of the element with this id, for the one-line paragraphs of the account page. */
    private static String text(Page page, String id) {
        String body = page.body();
        int at = body.indexOf("id=\"" + id + "\"");
        assertTrue(at >= 0, "no #" + id + " in " + body);
        int start = body.indexOf('>', at) + 1;
        return body.substring(start, body.indexOf('<', start)).strip();
    }
}
