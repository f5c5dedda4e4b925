package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of answer carries the same protective headers, and no page needs inline script. */
class SecurityHeadersTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)|\\son[a-z]+\\s*=|javascript:",
            Pattern.CASE_INSENSITIVE);

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock")).closing(provider);

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/", "/login/mock", "/callback/mock?code=c&state=forged", "/get-status", "/success", "/error",
            "/preloader", "/no-such-page", "/static/app.css", "/static/preloader.js",
            "/simulator/authorize?response_type=code&client_id=nobody"})
    void every_answer_carries_the_security_headers(String path) {
        assertProtected(service.newBrowser().get(path));
    }

    @Test
    void the_callback_and_the_preloader_of_a_real_login_carry_them_and_the_preloader_has_no_inline_script() {
        provider.token(() -> FakeProvider.delayed(FakeProvider.tokenJson("at-secret-123"), 1000));
        LoginDriver person = service.newPerson();
        Browser browser = person.browser;
        Map<String, String> authorize = person.start("mock");
        Page callback = person.callback("mock", "code=header-code&state=" + authorize.get("state"));
        assertProtected(callback);
        String op = LoginDriver.operationId(callback);
        Page preloader = browser.get("/preloader?op=" + op);
        assertEquals(200, preloader.status());
        assertProtected(preloader);
        assertTrue(preloader.body().contains("<script src=\"/static/preloader.js?v="), preloader.body());
        assertProtected(browser.getJson("/get-status?op=" + op));
        person.awaitFinished(op);
        Page home = person.success(op);
        assertTrue(home.body().contains("Hi, Ada!"));
        assertProtected(home);
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/%ZZ", "/login/%"})
    void a_path_jetty_refuses_before_any_route_gets_our_page_and_headers(String target) {
        RawRequest raw = RawRequest.get(service.baseUrl(), target, Map.of());
        assertEquals(400, raw.status(), raw.head());
        String head = raw.head().toLowerCase(Locale.ROOT);
        assertTrue(head.contains("content-security-policy: default-src 'self'"), raw.head());
        assertTrue(head.contains("x-frame-options: deny"), raw.head());
        assertTrue(head.contains("cache-control: no-store"), raw.head());
        assertTrue(raw.body().contains("malformed"), raw.body());
        assertFalse(raw.body().contains("Bad Message"), raw.body());
    }

    static void assertProtected(Page page) {
        String csp = page.header("Content-Security-Policy");
        assertNotNull(csp, "CSP on " + page.response().uri());
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("object-src 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        String type = page.header("Content-Type");
        if (type != null && type.startsWith("text/html")) {
            assertFalse(INLINE_SCRIPT.matcher(page.body()).find(), "inline script in " + page.body());
            assertEquals("no-store", page.header("Cache-Control"));
        }
    }
}
