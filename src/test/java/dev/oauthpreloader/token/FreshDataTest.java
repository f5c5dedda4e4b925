package dev.oauthpreloader.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.Status;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /account/fresh/{provider}: the profile fetched again with the kept token, through the preloader. */
class FreshDataTest {

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(env()).closing(provider);

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.put("TWITTER_API_KEY", "twitter-key");
        env.put("TWITTER_API_SECRET", "twitter-secret");
        env.put("SIMULATOR_ENABLED", "true");
        return env;
    }

    @BeforeEach
    void goodAnswers() {
        provider.resetAnswers();
    }

    @Test
    void a_logged_in_person_sees_what_the_simulator_says_now_after_the_preloader() {
        LoginDriver person = service.newPerson();
        Page account = simulatorLogin(person, "alice");
        assertTrue(account.body().contains("Hi, Alice!"));
        // The account page's button for it, as a person would press it.
        assertTrue(account.body().contains("action=\"/account/fresh/simulator\""), account.body());
        assertTrue(account.body().contains("id=\"fresh-simulator\""), account.body());
        Page started = person.browser.post("/account/fresh/simulator", Map.of("csrf", person.csrf()));
        assertEquals(303, started.status(), started.body());
        assertTrue(started.location().contains("/preloader?op="), started.location());
        String op = started.locationParams().get("op");
        Page preloader = person.browser.get("/preloader?op=" + op);
        assertTrue(preloader.status() == 200 && preloader.body().contains("preloader.js")
                && preloader.body().contains("Asking Simulated provider what it says now")
                || preloader.location().contains("/success?op=" + op), "the same preloader, or on from it once done");
        Status done = person.awaitOk(op);
        Page fresh = person.browser.follow(done.next());
        assertEquals(200, fresh.status(), fresh.body());
        assertTrue(fresh.body().contains("What Simulated provider says now"), fresh.body());
        assertTrue(fresh.body().contains("alice@simulator.invalid"), fresh.body());
        assertTrue(fresh.body().contains("sim-alice"), fresh.body());
        assertTrue(person.browser.get("/").body().contains("Hi, Alice!"), "still logged in as before");
    }

    @Test
    void a_generic_provider_answers_with_the_kept_token_and_the_page_shows_its_new_name() {
        LoginDriver person = service.newPerson();
        person.logIn("mock");
        provider.userinfo(() -> FakeProvider.userinfoJson("42", "Augusta", "King", "ada@example.org"));
        int before = provider.userinfoRequests.size();
        Page fresh = freshData(person, "mock");
        assertTrue(fresh.body().contains("Augusta King"), fresh.body());
        assertEquals("Bearer at-secret-123", provider.userinfoRequests.get(before).getHeader("Authorization"));
        assertFalse(fresh.body().contains("at-secret-123"), "the token itself is never shown");
    }

    @Test
    void an_expired_token_that_cannot_be_refreshed_ends_on_a_page_saying_a_new_login_is_needed() {
        LoginDriver person = service.newPerson();
        person.logIn("mock");
        service.db().useHandle(h -> h.execute("""
                UPDATE identity_token SET access_expires_at = 1 WHERE identity_id IN
                    (SELECT id FROM identity WHERE provider = 'mock' AND provider_user_id = '42')"""));
        String op = person.browser.post("/account/fresh/mock", Map.of("csrf", person.csrf())).locationParams().get("op");
        person.awaitError(op, "needs_login");
        Page error = person.error(op);
        assertTrue(error.body().contains("log in with it again"), error.body());
        assertTrue(error.body().contains("/login/mock"), "a way to log in again");
    }

    @Test
    void a_tampered_token_row_is_an_error_for_that_identity_only() {
        LoginDriver person = service.newPerson();
        person.logIn("mock");
        service.db().useHandle(h -> {
            long identity = h.createQuery("SELECT id FROM identity WHERE provider = 'mock' AND provider_user_id = '42'")
                    .mapTo(Long.class).one();
            byte[] sealed = h.createQuery("SELECT sealed FROM identity_token WHERE identity_id = :id").bind("id", identity)
                    .mapTo(byte[].class).one();
            sealed[5] ^= 1;
            h.createUpdate("UPDATE identity_token SET sealed = :s WHERE identity_id = :id").bind("s", sealed).bind("id", identity).execute();
        });
        String op = person.browser.post("/account/fresh/mock", Map.of("csrf", person.csrf())).locationParams().get("op");
        person.awaitError(op, "needs_login");
        // Someone else's fresh data still works.
        LoginDriver other = service.newPerson();
        simulatorLogin(other, "bob");
        assertTrue(freshData(other, "simulator").body().contains("bob@simulator.invalid"));
    }

    @Test
    void bad_requests_get_clear_answers() {
        LoginDriver person = service.newPerson();
        assertEquals(403, person.browser.post("/account/fresh/simulator", Map.of("csrf", "x")).status(), "no login, no CSRF");
        simulatorLogin(person, "carol");
        String csrf = person.csrf();
        assertEquals(403, person.browser.post("/account/fresh/simulator", Map.of()).status(), "no CSRF token");
        assertEquals(403, person.browser.post("/account/fresh/simulator", Map.of("csrf", "forged")).status());
        assertEquals(404, person.browser.post("/account/fresh/nope", Map.of("csrf", csrf)).status());
        Page notConnected = person.browser.post("/account/fresh/mock", Map.of("csrf", csrf));
        assertEquals(409, notConnected.status());
        assertTrue(notConnected.body().contains("You have not connected"), notConnected.body());
        Page twitter = person.browser.post("/account/fresh/twitter", Map.of("csrf", csrf));
        assertEquals(400, twitter.status());
        assertTrue(twitter.body().contains("not offered"), twitter.body());
        assertEquals(404, person.browser.get("/account/fresh?op=" + "A".repeat(43)).status());
        LoginDriver stranger = service.newPerson();
        String op = person.browser.post("/account/fresh/simulator", Map.of("csrf", csrf)).locationParams().get("op");
        person.awaitOk(op);
        assertEquals(404, stranger.browser.get("/account/fresh?op=" + op).status(), "another browser sees nothing");
    }

    /** A whole simulator login, ending on the start page. */
    private static Page simulatorLogin(LoginDriver person, String user) {
        return person.simulatorLoginToHome("user=" + user + "&auto=1");
    }

    private static Page freshData(LoginDriver person, String providerName) {
        Page started = person.browser.post("/account/fresh/" + providerName, Map.of("csrf", person.csrf()));
        assertEquals(303, started.status(), started.body());
        Status done = person.awaitOk(started.locationParams().get("op"));
        Page fresh = person.browser.follow(done.next());
        assertEquals(200, fresh.status(), fresh.body());
        return fresh;
    }
}
