package dev.oauthpreloader.security;

import dev.oauthpreloader.config.ConfigException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.Status;
import dev.oauthpreloader.web.RateLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-client limits on /login and /get-status: 429 with Retry-After, and never in the preloader's way. */
class RateLimitTest {

    private static final String PROXIES = "127.0.0.1,::1";

    @Test
    void logins_over_the_limit_get_a_429_page_with_retry_after_and_start_nothing() {
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "3"))) {
            Browser browser = service.newBrowser();
            for (int i = 0; i < 3; i++) assertEquals(302, browser.get("/login/simulator").status());
            Page refused = browser.get("/login/simulator");
            assertEquals(429, refused.status());
            assertTrue(refused.header("Content-Type").startsWith("text/html"));
            assertTrue(refused.body().contains("Too many login attempts from your address. Please wait 20 seconds"), refused.body());
            assertEquals("20", refused.header("Retry-After"), "one login every 20 s at 3 a minute");
            assertTrue(refused.header("Location") == null);
            SecurityHeadersTest.assertProtected(refused);
            // a browser with a new cookie is the same client: the limit is per address, not per session
            assertEquals(429, service.newBrowser().get("/login/simulator").status());
        }
    }

    @Test
    void status_polls_over_the_limit_get_429_json_with_retry_after() {
        try (RunningService service = RunningService.start(Map.of("STATUS_RATE_LIMIT", "2"))) {
            Browser browser = service.newBrowser();
            assertEquals(404, browser.get("/get-status").status());
            assertEquals(404, browser.get("/get-status").status());
            Page refused = browser.get("/get-status");
            assertEquals(429, refused.status());
            Status status = Status.of(refused);
            assertEquals("error", status.status(), refused.body());
            assertTrue(status.message().contains("Too many status requests"), refused.body());
            assertEquals("30", refused.header("Retry-After"));
            assertEquals(200, browser.get("/").status(), "other pages are not limited");
        }
    }

    @Test
    void forwarded_for_is_ignored_unless_the_connection_comes_from_a_trusted_proxy() {
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "1"))) {
            assertEquals(302, login(service, "203.0.113.1"));
            assertEquals(429, login(service, "203.0.113.2"), "a made-up X-Forwarded-For does not make a new client");
        }
    }

    @Test
    void behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit_read_from_the_right() {
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "1", "TRUSTED_PROXY", PROXIES))) {
            assertEquals(302, login(service, "203.0.113.1"));
            assertEquals(429, login(service, "203.0.113.1"));
            assertEquals(302, login(service, "203.0.113.2"), "another client behind the proxy");
            // The client wrote the left part; the proxy appended the right one. Only the right one counts.
            assertEquals(429, login(service, "198.51.100.7, 203.0.113.1"));
            assertEquals(429, login(service, "198.51.100.8, 203.0.113.1"));
        }
    }

    @Test
    void the_default_limits_let_the_preloader_poll_a_slow_login_to_the_end() {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("LOGIN_RATE_LIMIT", String.valueOf(RateLimits.DEFAULT_LOGIN_PER_MINUTE));
        defaults.put("STATUS_RATE_LIMIT", String.valueOf(RateLimits.DEFAULT_STATUS_PER_MINUTE));
        try (RunningService service = RunningService.start(defaults)) {
            LoginDriver person = service.newPerson();
            Browser browser = person.browser;
            // A person who retries a few times, then a login whose provider takes 2.5 s.
            for (int i = 0; i < 5; i++) assertEquals(302, browser.get("/login/simulator").status());
            Page preloader = person.simulatorLogin("user=alice&delay=2500&outcome=ok&auto=1");
            assertTrue(preloader.isPreloader(), preloader.body());
            String op = LoginDriver.operationInAddress(preloader);
            // Poll harder than the page ever does: without the server-side wait, five times a second.
            await("the slow login to finish under hard polling").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .until(() -> {
                        Page status = browser.getJson("/get-status?op=" + op);
                        assertEquals(200, status.status(), status.body());
                        return !Status.of(status).isPending();
                    });
            person.awaitOk(op);
            assertTrue(person.success(op).body().contains("Hi, Alice!"));
        }
    }

    @ParameterizedTest(name = "{0}={1} stops start-up")
    @CsvSource({"LOGIN_RATE_LIMIT, -1", "LOGIN_RATE_LIMIT, many", "STATUS_RATE_LIMIT, 2000000",
            "TRUSTED_PROXY, proxy.example.com", "TRUSTED_PROXY, '10.0.0.1,;rm'"})
    void a_bad_limit_setting_names_the_variable(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
    }

    @Test
    void the_limits_default_to_300_logins_and_600_status_requests_a_minute_and_no_trusted_proxy() {
        RateLimits limits = Config.fromEnvironment(Map.of()).limits();
        assertEquals(300, limits.loginPerMinute());
        assertEquals(600, limits.statusPerMinute());
        assertTrue(limits.trustedProxies().isEmpty());
    }

    private static int login(RunningService service, String forwardedFor) {
        String target = "/login/simulator";
        return RawRequest.get(service.baseUrl, target, Map.of("X-Forwarded-For", forwardedFor)).status();
    }
}
