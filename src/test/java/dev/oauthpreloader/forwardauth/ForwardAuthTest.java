package dev.oauthpreloader.forwardauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /auth as a reverse proxy asks it: 202 with the person's headers for a logged-in session, 401
 * for anyone else, and never a session or a cookie for the anonymous.
 */
class ForwardAuthTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of("SIMULATOR_ENABLED", "true",
            "ALLOWED_REDIRECT_HOSTS", "app.example.test"));
    static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_logged_in_session_gets_202_with_who_it_is() {
        LoginDriver person = loggedIn("user=alice&auto=1");
        Page auth = person.browser.get("/auth");
        assertEquals(202, auth.status(), auth.body());
        assertEquals("alice@simulator.invalid", auth.header("X-Auth-Request-Email"));
        assertEquals("true", auth.header("X-Auth-Request-Email-Verified"));
        assertEquals("Alice Simulated", auth.header("X-Auth-Request-Name"));
        assertEquals("simulator", auth.header("X-Auth-Request-Provider"));
        long id = service.db().withHandle(h -> h.createQuery("SELECT id FROM user_profile WHERE email = 'alice@simulator.invalid'")
                .mapTo(Long.class).one());
        assertEquals(Long.toString(id), auth.header("X-Auth-Request-User"));
        assertNull(auth.header("X-Auth-Request-Access-Token"), "only on request (FORWARD_AUTH_PASS_ACCESS_TOKEN)");
        assertNull(auth.header("Set-Cookie"));
    }

    @Test
    void an_address_the_provider_did_not_verify_is_said_to_be_unverified() {
        Page auth = loggedIn("user=uma&outcome=unverified_email&auto=1").browser.get("/auth");
        assertEquals(202, auth.status());
        assertEquals("uma@simulator.invalid", auth.header("X-Auth-Request-Email"));
        assertEquals("false", auth.header("X-Auth-Request-Email-Verified"));
    }

    @Test
    void no_cookie_gets_401_and_no_session() {
        int sessions = service.count("SELECT COUNT(*) FROM browser_session");
        HttpResponse<String> auth = get("/auth", null, Map.of());
        assertEquals(401, auth.statusCode());
        assertTrue(auth.headers().allValues("Set-Cookie").isEmpty(), auth.headers().toString());
        assertEquals(sessions, service.count("SELECT COUNT(*) FROM browser_session"));
    }

    @Test
    void a_forged_or_foreign_cookie_gets_401_and_no_cookie() {
        for (String cookie : new String[] {Tokens.random(), "not-one-of-ours", "", "x".repeat(5000)}) {
            HttpResponse<String> auth = get("/auth", "preloader_session=" + cookie, Map.of());
            assertEquals(401, auth.statusCode(), cookie);
            assertTrue(auth.headers().allValues("Set-Cookie").isEmpty(), auth.headers().toString());
        }
    }

    @Test
    void a_session_that_is_not_logged_in_gets_401() {
        Browser browser = service.newBrowser();
        browser.get("/login/simulator"); // a session, but no login
        Page auth = browser.get("/auth");
        assertEquals(401, auth.status());
        assertNull(auth.header("Set-Cookie"));
    }

    @Test
    void an_expired_session_gets_401_and_no_cookie() {
        LoginDriver person = loggedIn("user=eve&auto=1");
        assertEquals(202, person.browser.get("/auth").status());
        service.running().db().useHandle(h -> h.execute("UPDATE browser_session SET expires_at = 1"));
        Page auth = person.browser.get("/auth");
        assertEquals(401, auth.status());
        assertNull(auth.header("Set-Cookie"));
    }

    @Test
    void after_logout_the_old_cookie_gets_401() {
        LoginDriver person = loggedIn("user=lou&auto=1");
        String cookie = "preloader_session=" + person.browser.cookies.getCookieStore().getCookies().get(0).getValue();
        assertEquals(202, get("/auth", cookie, Map.of()).statusCode());
        person.logout();
        assertEquals(401, get("/auth", cookie, Map.of()).statusCode());
        assertEquals(401, person.browser.get("/auth").status());
    }

    @Test
    void on_another_host_name_auth_still_answers_and_never_redirects() {
        LoginDriver person = loggedIn("user=hal&auto=1");
        String cookie = "preloader_session=" + person.browser.cookies.getCookieStore().getCookies().get(0).getValue();
        String other = service.baseUrl().replace("localhost", "127.0.0.1");
        assertEquals(202, get(other, "/auth", cookie, Map.of()).statusCode(), "nginx passes the application's Host");
        assertEquals(401, get(other, "/auth", null, Map.of()).statusCode());
    }

    @Test
    void with_redirect_true_an_anonymous_request_is_sent_to_start_with_the_address_the_proxy_names() {
        HttpResponse<String> auth = get("/auth?redirect=true", null,
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.test", "X-Forwarded-Uri", "/page?a=1&b=2"));
        assertEquals(302, auth.statusCode());
        String rd = "https://app.example.test/page?a=1&b=2";
        assertEquals(service.baseUrl() + "/start?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8),
                auth.headers().firstValue("Location").orElse(null));
        assertEquals(401, get("/auth?redirect=true", null, Map.of()).statusCode(), "without X-Forwarded-Host there is nowhere to return");
    }

    @Test
    void start_with_an_allowed_rd_leads_to_the_login_and_the_login_back_to_rd() {
        String rd = "https://app.example.test/page?a=1&b=2";
        Browser browser = service.newBrowser();
        Page start = browser.get("/start?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8));
        assertEquals(302, start.status(), start.body());
        assertEquals("/login/simulator?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8), start.header("Location"));
        assertNull(start.header("Set-Cookie"), "nothing is written before a login starts");
        LoginDriver person = new LoginDriver(browser);
        Page page = browser.get(start.header("Location") + "&user=rita&auto=1");
        // Followed while it stays on the service: the last redirect leaves for the application.
        while (page.isRedirect() && page.location().startsWith(service.baseUrl())) {
            page = browser.get(page.location());
            if (page.isPreloader()) {
                String op = LoginDriver.operationInAddress(page);
                person.awaitOk(op);
                page = browser.get("/success?op=" + op);
            }
        }
        assertEquals(302, page.status(), page.body());
        assertEquals(rd, page.header("Location"));
        Page again = browser.get("/start?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8));
        assertEquals(rd, again.location(), "a logged-in person goes straight back");
    }

    @Test
    void start_reads_an_unencoded_rd_to_the_end_of_the_query_as_nginx_writes_it() {
        String rd = "https://app.example.test/list?page=2&sort=name";
        Page start = service.newBrowser().get("/start?rd=" + rd);
        assertEquals(302, start.status(), start.body());
        assertEquals("/login/simulator?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8), start.header("Location"));
        Page outside = service.newBrowser().get("/start?rd=https://evil.example/?x=https://app.example.test/");
        assertEquals(400, outside.status());
    }

    @Test
    void an_rd_outside_the_allowed_hosts_gets_a_400_page() {
        for (String rd : new String[] {"https://evil.example/", "https://app.example.test@evil.example/", "https://app.example.test.evil.example/"}) {
            String query = "?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8);
            for (String path : new String[] {"/start", "/login/simulator"}) {
                Page page = service.newBrowser().get(path + query);
                assertEquals(400, page.status(), path + query);
                assertTrue(page.body().contains("must be a path on this site"), page.body());
                assertNull(page.header("Location"));
            }
        }
    }

    private static LoginDriver loggedIn(String simulatorQuery) {
        LoginDriver person = service.newPerson();
        person.simulatorLoginToHome(simulatorQuery);
        return person;
    }

    private static HttpResponse<String> get(String path, String cookie, Map<String, String> headers) {
        return get(service.baseUrl(), path, cookie, headers);
    }

    private static HttpResponse<String> get(String base, String path, String cookie, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) request.header("Cookie", cookie);
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
