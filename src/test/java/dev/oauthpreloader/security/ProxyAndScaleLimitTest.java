package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rate limits behind a proxy and at scale: IPv6 /64s, an office behind one address, the simulator, a misconfigured proxy. */
class ProxyAndScaleLimitTest {

    private static final String PROXIES = "127.0.0.1,::1";

    @Test
    void an_ipv6_client_is_limited_by_its_64_not_by_each_address_it_picks_from_it() {
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "1", "TRUSTED_PROXY", PROXIES))) {
            assertEquals(302, login(service, "2001:db8:1:2::1"));
            assertEquals(429, login(service, "2001:db8:1:2:ffff:1:2:3"), "another address in the same /64");
            assertEquals(302, login(service, "2001:db8:1:3::1"), "the next /64 is someone else");
        }
    }

    @Test
    void the_default_login_limit_lets_an_office_of_two_hundred_behind_one_address_log_in_at_nine() {
        int limit = Config.fromEnvironment(Map.of()).limits().loginPerMinute();
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", String.valueOf(limit)))) {
            // Two hundred people, each clicking "Login with …" once, within the same minute, from one NAT address.
            for (int person = 0; person < 200; person++) {
                assertEquals(302, service.newBrowser().get("/login/simulator").status(), "person " + person);
            }
        }
    }

    @Test
    void the_simulators_authorization_page_is_limited_like_login() {
        try (RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "2"))) {
            Browser browser = service.newBrowser();
            String authorize = browser.get("/login/simulator").header("Location");
            String path = authorize.substring(authorize.indexOf("/simulator/"));
            for (int i = 0; i < 2; i++) assertEquals(200, browser.get(path).status());
            var refused = browser.get(path + "&auto=1");
            assertEquals(429, refused.status());
            assertTrue(refused.header("Retry-After") != null);
            assertEquals(0, service.count("SELECT COUNT(*) FROM simulator_code_grant"), "the refused request granted nothing");
        }
    }

    @Test
    void forwarded_requests_from_an_untrusted_address_are_warned_about_once_naming_trusted_proxy() {
        try (CapturedLog log = new CapturedLog(); RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "100"))) {
            for (int i = 0; i < 3; i++) login(service, "203.0.113." + i);
            RawRequest.get(service.baseUrl, "/", Map.of("X-Forwarded-For", "203.0.113.9"));
            Matcher warnings = Pattern.compile("WARN .*X-Forwarded-For.*TRUSTED_PROXY").matcher(log.text());
            int count = 0;
            while (warnings.find()) count++;
            assertEquals(1, count, log.text());
        }
    }

    @Test
    void forwarded_requests_from_a_trusted_proxy_are_not_warned_about() {
        try (CapturedLog log = new CapturedLog();
             RunningService service = RunningService.start(Map.of("LOGIN_RATE_LIMIT", "100", "TRUSTED_PROXY", PROXIES))) {
            login(service, "203.0.113.1");
            assertTrue(!log.text().contains("TRUSTED_PROXY"), log.text());
        }
    }

    private static int login(RunningService service, String forwardedFor) {
        return RawRequest.get(service.baseUrl, "/login/simulator", Map.of("X-Forwarded-For", forwardedFor)).status();
    }
}
