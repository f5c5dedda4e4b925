package dev.oauthpreloader.login;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /cancel over plain HTTP: it ends the session's own pending login, and only with the page's CSRF token. */
class CancelTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.embeddedDefault().env("LOGIN_DEADLINE_SECONDS", "10");

    @Test
    void cancel_with_the_csrf_token_ends_the_pending_login_as_cancelled() {
        LoginDriver person = service.newPerson();
        Page preloader = slowLogin(person);
        String op = LoginDriver.operationInAddress(preloader);

        Page cancelled = person.browser.post("/cancel?op=" + op, Map.of("csrf", LoginDriver.csrf(preloader)));
        assertTrue(cancelled.location().endsWith("/error?op=" + op), cancelled.location());
        assertEquals("error", service.statusOf(op));
        assertEquals("cancelled", service.reasonOf(op));
        assertTrue(person.browser.follow(cancelled.location()).body().contains("Login cancelled"));
        // The worker finds the login ended once the provider answers, stops, and records how far it got.
        await().atMost(Duration.ofSeconds(5)).until(() -> service.count("SELECT COUNT(*) FROM async_operation WHERE public_id = '"
                + op + "' AND stage = 'exchanging_code' AND token_ms >= 1500") == 1);
        assertEquals("cancelled", service.reasonOf(op));
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'simulator' AND provider_user_id = 'alice'"),
                "a cancelled login creates no account");
    }

    @Test
    void cancel_without_the_csrf_token_is_refused_and_the_login_goes_on() {
        LoginDriver person = service.newPerson();
        String op = LoginDriver.operationInAddress(slowLogin(person));

        assertEquals(403, person.browser.post("/cancel?op=" + op, Map.of()).status());
        assertEquals(403, person.browser.post("/cancel?op=" + op, Map.of("csrf", "forged")).status());
        assertEquals("pending", service.statusOf(op));
    }

    @Test
    void another_browser_cannot_cancel_someone_elses_login() {
        LoginDriver owner = service.newPerson();
        String op = LoginDriver.operationInAddress(slowLogin(owner));
        LoginDriver stranger = service.newPerson();
        Page strangersPreloader = slowLogin(stranger);

        Page refused = stranger.browser.post("/cancel?op=" + op, Map.of("csrf", LoginDriver.csrf(strangersPreloader)));
        assertEquals(404, refused.status());
        assertEquals("pending", service.statusOf(op));
    }

    /** A login whose provider takes 2 s, followed to the preloader, which carries the cancel form and its CSRF token. */
    private static Page slowLogin(LoginDriver person) {
        Page preloader = person.simulatorLogin("user=alice&delay=2000&outcome=ok&auto=1");
        assertTrue(preloader.isPreloader(), preloader.body());
        return preloader;
    }
}
