package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** HSTS when BASE_URL is https (a TLS-terminating proxy in front), and never over plain http. */
class StrictTransportSecurityTest {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    @Test
    void an_https_deployment_tells_browsers_to_use_https_for_at_least_a_year() {
        try (RunningService service = RunningService.start(Map.of("BASE_URL", "https://login.example.com"))) {
            for (String path : new String[] {"/", "/no-such-page", "/static/app.css"}) {
                String hsts = service.newBrowser().get(path).header("Strict-Transport-Security");
                assertTrue(hsts != null, "HSTS on " + path);
                Matcher m = MAX_AGE.matcher(hsts);
                assertTrue(m.find() && Long.parseLong(m.group(1)) >= 365L * 24 * 3600, hsts);
            }
        }
    }

    @Test
    void a_plain_http_deployment_sends_no_hsts() {
        try (RunningService service = RunningService.start()) {
            Page home = service.newBrowser().get("/");
            assertNull(home.header("Strict-Transport-Security"));
        }
    }
}
