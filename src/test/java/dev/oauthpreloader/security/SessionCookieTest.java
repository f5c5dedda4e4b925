package dev.oauthpreloader.security;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session cookie: its flags, and a new id at login and at logout so an old id is worth nothing. */
class SessionCookieTest {

    static final String COOKIE = "preloader_session";
    static FakeProvider provider;
    static RunningService service;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        service = RunningService.start(new HashMap<>(provider.env("mock")));
    }

    @AfterAll
    static void stop() {
        service.close();
        provider.close();
    }

    @Test
    void the_session_cookie_is_http_only_same_site_lax_and_not_secure_over_plain_http() {
        String cookie = sessionSetCookie(service.newBrowser().get("/login/mock"));
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertFalse(cookie.contains("Secure"), cookie);
    }

    @Test
    void the_session_cookie_is_secure_when_base_url_is_https() {
        try (RunningService https = RunningService.start(Map.of("BASE_URL", "https://localhost"))) {
            String cookie = sessionSetCookie(https.newBrowser().get("/login/simulator"));
            assertTrue(cookie.contains("Secure"), cookie);
            assertTrue(cookie.contains("HttpOnly"), cookie);
            assertTrue(cookie.contains("SameSite=Lax"), cookie);
        }
    }

    @Test
    void logging_in_renews_the_session_id_and_the_id_from_before_login_is_not_logged_in() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String beforeLogin = sessionId(browser);
        String op = operationId(callback(browser, "mock", "code=c&state=" + authorize.get("state")));
        awaitFinished(browser, op, 5000);
        Page success = browser.get("/success?op=" + op);
        assertEquals(302, success.status());
        String afterLogin = value(sessionSetCookie(success));
        assertNotEquals(beforeLogin, afterLogin, "a new id at login");
        assertTrue(browser.get("/").body().contains("Hi, Ada!"));
        // An attacker who planted or read the id before login holds nothing.
        assertFalse(RawRequest.get(service.baseUrl, "/", COOKIE + "=" + beforeLogin).body().contains("Hi,"));
    }

    @Test
    void logging_out_renews_the_session_id_and_the_logged_in_id_is_dead() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String op = operationId(callback(browser, "mock", "code=c&state=" + authorize.get("state")));
        awaitFinished(browser, op, 5000);
        Page home = browser.follow("/success?op=" + op);
        String loggedIn = sessionId(browser);
        assertTrue(RawRequest.get(service.baseUrl, "/", COOKIE + "=" + loggedIn).body().contains("Hi, Ada!"));

        Page logout = browser.post("/logout", Map.of("csrf", BadInputTest.csrf(home)));
        assertEquals(302, logout.status());
        String afterLogout = value(sessionSetCookie(logout));
        assertNotEquals(loggedIn, afterLogout, "a new id at logout");
        assertFalse(browser.get("/").body().contains("Hi,"));
        assertFalse(RawRequest.get(service.baseUrl, "/", COOKIE + "=" + loggedIn).body().contains("Hi,"),
                "the id from before logout logs nobody in");
    }

    private static String sessionSetCookie(Page page) {
        List<String> cookies = page.response().headers().allValues("Set-Cookie");
        String cookie = cookies.stream().filter(c -> c.startsWith(COOKIE + "=")).reduce((first, second) -> second).orElse(null);
        assertNotNull(cookie, "a session cookie was set: " + cookies);
        cookies.forEach(c -> assertTrue(c.contains("HttpOnly"), "every cookie is HttpOnly: " + c));
        return cookie;
    }

    private static String value(String setCookie) {
        return setCookie.substring(COOKIE.length() + 1, setCookie.indexOf(';'));
    }

    private static String sessionId(Browser browser) {
        return browser.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(COOKIE))
                .findFirst().orElseThrow().getValue();
    }
}
