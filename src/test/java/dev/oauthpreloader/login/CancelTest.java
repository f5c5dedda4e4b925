package dev.oauthpreloader.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /cancel over plain HTTP: it ends the session's own pending login, and only with the page's CSRF token. */
class CancelTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("LOGIN_DEADLINE_SECONDS", "10"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void cancel_with_the_csrf_token_ends_the_pending_login_as_cancelled() {
        Browser browser = service.newBrowser();
        Page preloader = slowLogin(browser);
        String op = opOf(preloader);

        Page cancelled = browser.post("/cancel?op=" + op, Map.of("csrf", csrfOf(preloader)));
        assertTrue(cancelled.location().endsWith("/error?op=" + op), cancelled.location());
        assertEquals("error", service.statusOf(op));
        assertEquals("cancelled", service.reasonOf(op));
        assertTrue(browser.follow(cancelled.location()).body().contains("Login cancelled"));
    }

    @Test
    void cancel_without_the_csrf_token_is_refused_and_the_login_goes_on() {
        Browser browser = service.newBrowser();
        String op = opOf(slowLogin(browser));

        assertEquals(403, browser.post("/cancel?op=" + op, Map.of()).status());
        assertEquals(403, browser.post("/cancel?op=" + op, Map.of("csrf", "forged")).status());
        assertEquals("pending", service.statusOf(op));
    }

    @Test
    void another_browser_cannot_cancel_someone_elses_login() {
        Browser owner = service.newBrowser();
        String op = opOf(slowLogin(owner));
        Browser stranger = service.newBrowser();
        Page strangersPreloader = slowLogin(stranger);

        Page refused = stranger.post("/cancel?op=" + op, Map.of("csrf", csrfOf(strangersPreloader)));
        assertEquals(404, refused.status());
        assertEquals("pending", service.statusOf(op));
    }

    private static Page slowLogin(Browser browser) {
        Page preloader = browser.follow("/login/simulator?user=alice&delay=2000&outcome=ok&auto=1");
        assertEquals("/preloader", preloader.path());
        return preloader;
    }

    private static String opOf(Page preloader) {
        return Page.params(preloader.response().uri().getRawQuery()).get("op");
    }

    private static String csrfOf(Page page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), "the preloader carries the CSRF token in its cancel form");
        return matcher.group(1);
    }
}
