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

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ServiceExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session cookie: its flags, and a new id at login and none after logout, so an old id is worth
 * nothing; and the secrets that login rotates.
 */
class SessionCookieTest {

    static final String COOKIE = "preloader_session";
    static final String HOST_COOKIE = "__Host-preloader_session";
    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock")).closing(provider);

    @Test
    void the_session_cookie_is_http_only_same_site_lax_and_not_secure_over_plain_http() {
        String cookie = sessionSetCookie(service.newBrowser().get("/login/mock"));
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertFalse(cookie.contains("Secure"), cookie);
    }

    @Test
    void over_https_the_session_cookie_is_host_prefixed_secure_path_root_and_has_no_domain() {
        try (RunningService https = RunningService.start(Map.of("BASE_URL", "https://localhost"))) {
            Page login = https.newBrowser().get("/login/simulator");
            String cookie = login.response().headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(HOST_COOKIE + "=")).findFirst().orElse(null);
            assertNotNull(cookie, "the __Host- cookie was set: " + login.response().headers().allValues("Set-Cookie"));
            assertTrue(cookie.contains("; Secure"), cookie);
            assertTrue(cookie.contains("; Path=/;"), cookie);
            assertFalse(cookie.contains("Domain="), cookie);
            assertTrue(cookie.contains("HttpOnly"), cookie);
            assertTrue(cookie.contains("SameSite=Lax"), cookie);
            // The unprefixed name, which a sibling subdomain could plant, is not read at all.
            String id = cookie.substring(HOST_COOKIE.length() + 1, cookie.indexOf(';'));
            RawRequest planted = RawRequest.get(https.baseUrl, "/login/simulator", COOKIE + "=" + id);
            assertTrue(planted.head().contains("Set-Cookie: " + HOST_COOKIE + "="), "a new session, not that one: " + planted.head());
            RawRequest real = RawRequest.get(https.baseUrl, "/login/simulator", HOST_COOKIE + "=" + id);
            assertEquals(302, real.status());
            assertFalse(real.head().contains("Set-Cookie: " + HOST_COOKIE + "="), "the same session: " + real.head());
            assertEquals(2, https.count("SELECT COUNT(*) FROM browser_session"));
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
        assertEquals(List.of(COOKIE), browser.cookies.getCookieStore().getCookies().stream().map(c -> c.getName()).distinct().toList(),
                "no other session machinery (a JSESSIONID) is at work");
        // An attacker who planted or read the id before login holds nothing.
        assertFalse(RawRequest.get(service.baseUrl(), "/", COOKIE + "=" + beforeLogin).body().contains("Hi,"));
    }

    @Test
    void logging_out_renews_the_session_id_and_the_logged_in_id_is_dead() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String op = operationId(callback(browser, "mock", "code=c&state=" + authorize.get("state")));
        awaitFinished(browser, op, 5000);
        Page home = browser.follow("/success?op=" + op);
        String loggedIn = sessionId(browser);
        assertTrue(RawRequest.get(service.baseUrl(), "/", COOKIE + "=" + loggedIn).body().contains("Hi, Ada!"));

        Page logout = browser.post("/logout", Map.of("csrf", BadInputTest.csrf(home)));
        assertEquals(302, logout.status());
        String afterLogout = sessionSetCookie(logout);
        assertTrue(afterLogout.startsWith(COOKIE + "=; Max-Age=0"), "the browser is told to drop the cookie: " + afterLogout);
        assertEquals(0, service.count("SELECT COUNT(*) FROM browser_session WHERE id_hash = '" + Tokens.sha256(loggedIn) + "'"),
                "the row is gone, on every node");
        assertFalse(browser.get("/").body().contains("Hi,"));
        assertFalse(RawRequest.get(service.baseUrl(), "/", COOKIE + "=" + loggedIn).body().contains("Hi,"),
                "the id from before logout logs nobody in");
    }

    @Test
    void logging_in_rotates_the_csrf_token_and_the_csrf_token_from_before_is_refused() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String op = operationId(callback(browser, "mock", "code=c&state=" + authorize.get("state")));
        String beforeLogin = BadInputTest.csrf(browser.get("/preloader?op=" + op));
        awaitFinished(browser, op, 5000);
        Page home = browser.follow("/success?op=" + op);
        String afterLogin = BadInputTest.csrf(home);
        assertNotEquals(beforeLogin, afterLogin, "a new CSRF token at login");
        assertEquals(403, browser.post("/logout", Map.of("csrf", beforeLogin)).status());
        assertTrue(browser.get("/").body().contains("Hi, Ada!"), "still logged in");
        assertEquals(302, browser.post("/logout", Map.of("csrf", afterLogin)).status());
        assertEquals(403, browser.post("/logout", Map.of("csrf", afterLogin)).status(), "and none survives logout");
    }

    @Test
    void logging_in_rotates_the_binding_so_an_operation_started_before_the_login_cannot_log_in_after_it() {
        // A fixated session: someone else finished a login in it, and left it unused for the victim to meet.
        Browser browser = service.newBrowser();
        Map<String, String> planted = startLogin(browser, "mock");
        String plantedOp = operationId(callback(browser, "mock", "code=p&state=" + planted.get("state")));
        awaitFinished(browser, plantedOp, 5000);
        Map<String, String> own = startLogin(browser, "mock");
        String ownOp = operationId(callback(browser, "mock", "code=c&state=" + own.get("state")));
        awaitFinished(browser, ownOp, 5000);
        assertEquals(302, browser.get("/success?op=" + ownOp).status());

        assertEquals(404, browser.get("/success?op=" + plantedOp).status(), "the operation from before the login is not this session's");
        assertEquals(404, browser.getJson("/get-status?op=" + plantedOp).status());
        assertEquals(0, service.count("SELECT COUNT(*) FROM async_operation WHERE consumed_at IS NOT NULL AND public_id = '"
                + plantedOp + "'"));
        // The login's own operation still belongs to it: a refresh of /success just goes home.
        Page refresh = browser.get("/success?op=" + ownOp);
        assertEquals(302, refresh.status());
        assertEquals(service.baseUrl() + "/", refresh.location());
    }

    @Test
    void the_preloader_and_its_polling_never_write_the_session_and_success_writes_it_once() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String op = operationId(callback(browser, "mock", "code=c&state=" + authorize.get("state")));
        String row = "SELECT version FROM browser_session WHERE id_hash = '" + Tokens.sha256(sessionId(browser)) + "'";
        int afterCallback = service.count(row);
        browser.get("/preloader?op=" + op);
        awaitFinished(browser, op, 5000);
        browser.getJson("/get-status?op=" + op);
        browser.get("/health/live");
        assertEquals(afterCallback, service.count(row), "the preloader page, its polls and a health check wrote nothing");
        browser.get("/success?op=" + op);
        assertEquals(afterCallback + 1, service.count("SELECT version FROM browser_session WHERE id_hash = '"
                + Tokens.sha256(sessionId(browser)) + "'"), "one write, which moved the row to the new id");
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
