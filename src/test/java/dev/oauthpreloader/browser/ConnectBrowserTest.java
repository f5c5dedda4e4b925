package dev.oauthpreloader.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.RunningService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;

/**
 * "Connect another provider" in a real browser, under the real Content-Security-Policy: a form
 * POSTed to /connect/{provider} is answered with a 302 to the provider, and Chromium applies the
 * page's form-action to that redirect. The second provider lives on another origin (127.0.0.2),
 * as every real provider does.
 */
@Tag("browser")
class ConnectBrowserTest {

    static MockWebServer acme;
    static final List<String> authorizeRequests = new CopyOnWriteArrayList<>();
    static RunningService service;
    static ChromeSession chrome;

    @BeforeAll
    static void start() throws IOException {
        if (!ChromeSession.installed()) return; // the test then skips, or fails in CI, with the reason
        acme = new MockWebServer();
        acme.setDispatcher(new AcmeProvider());
        acme.start(InetAddress.getByName("127.0.0.2"), 0);
        service = RunningService.start(Map.of(
                "OAUTH2_PROVIDERS", "acme",
                "OAUTH2_ACME_CLIENT_ID", "acme-client",
                "OAUTH2_ACME_CLIENT_SECRET", "acme-secret",
                "OAUTH2_ACME_AUTH_URL", acme.url("/authorize").toString(),
                "OAUTH2_ACME_TOKEN_URL", acme.url("/token").toString(),
                "OAUTH2_ACME_USERINFO_URL", acme.url("/userinfo").toString()));
        chrome = ChromeSession.open(service, true);
    }

    @AfterAll
    static void stop() throws IOException {
        if (chrome != null) chrome.close();
        if (service != null) service.close();
        if (acme != null) acme.shutdown();
    }

    @Test
    void a_logged_in_person_connects_a_provider_on_another_origin_and_lands_connected_without_a_policy_violation() {
        ChromeSession.requireChromium();
        chrome.go("/");
        chrome.find("#login-simulator").click();
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        chrome.find("#user").clear();
        chrome.find("#user").sendKeys("grace");
        chrome.find("#allow").click();
        chrome.awaitText("#greeting", "Hi, Grace!", Duration.ofSeconds(10));

        chrome.find("#connect-acme").click();

        chrome.waitUpTo(Duration.ofSeconds(10)).withMessage(() -> "not connected; now on " + chrome.driver.getCurrentUrl()
                        + "; console: " + chrome.consoleErrors())
                .until(d -> chrome.path().equals("/") && chrome.isShown("#connected-acme"));
        assertEquals(1, authorizeRequests.size(), "the provider got the authorization request");
        assertTrue(chrome.text("#greeting").contains("Grace"), "still the same account");
        assertTrue(chrome.isShown("#connected-simulator"));
        for (LogEntry entry : chrome.consoleErrors()) {
            assertFalse(entry.getMessage().contains("Content Security Policy"), entry.getMessage());
        }
    }

    /** A generic OAuth 2.0 provider that consents at once: /authorize sends the browser straight back with a code. */
    static final class AcmeProvider extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            HttpUrl url = request.getRequestUrl();
            String path = url == null ? "" : url.encodedPath();
            return switch (path) {
                case "/authorize" -> {
                    authorizeRequests.add(url.toString());
                    String back = url.queryParameter("redirect_uri") + "?code=acme-code&state="
                            + URLEncoder.encode(url.queryParameter("state"), StandardCharsets.UTF_8);
                    yield new MockResponse().setResponseCode(302).setHeader("Location", back);
                }
                case "/token" -> json("{\"access_token\":\"acme-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
                case "/userinfo" -> json("{\"id\":\"acme-7\",\"given_name\":\"Grace\",\"family_name\":\"Acme\"}");
                default -> new MockResponse().setResponseCode(404);
            };
        }

        private static MockResponse json(String body) {
            return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
        }
    }
}
