package dev.oauthpreloader.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

/**
 * The same flow with JavaScript switched off in Chromium's settings: the preloader refreshes itself
 * (<noscript> meta refresh) and the server redirects a finished login to /success or /error.
 */
@Tag("browser")
class PreloaderWithoutJavaScriptTest {

    @RegisterExtension
    @Order(1)
    static final ServiceExtension service = ServiceExtension.with(Map.of("LOGIN_DEADLINE_SECONDS", "5"));
    @RegisterExtension
    @Order(2)
    static final ChromeSession chrome = ChromeSession.forService(service, false);

    @Test
    void a_slow_login_completes_by_refreshing_the_preloader() {
        consent("alice", 3000, "ok").find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        // With scripting off, <noscript> content is parsed as elements; with it on, it is only text.
        assertFalse(chrome.driver.findElements(org.openqa.selenium.By.cssSelector("noscript meta[http-equiv=refresh]")).isEmpty(),
                "JavaScript is off, so the refreshing preloader is in use");
        assertTrue(chrome.spokenText("#stage").startsWith("Exchanging the code"), chrome.spokenText("#stage"));
        assertEquals("Exchanging the code with the provider", chrome.text(".steps li.current"));
        chrome.screenshot("no-js-preloader");

        chrome.awaitText("#greeting", "Hi, Alice!", Duration.ofSeconds(10));
        chrome.screenshot("no-js-logged-in");
    }

    @Test
    void a_failed_login_ends_on_the_error_page_that_says_why() {
        consent("bob", 1000, "token_error").find("#allow").click();

        chrome.awaitPath("/error", Duration.ofSeconds(10));
        assertEquals(FailureReason.TOKEN_ERROR.message, chrome.text("#reason"));
        chrome.screenshot("no-js-error");
    }

    @Test
    void cancel_works_as_a_plain_form() {
        consent("carol", 4000, "ok").find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));

        chrome.find("#cancel").click();
        chrome.awaitPath("/error", Duration.ofSeconds(5));
        assertEquals("Login cancelled", chrome.text("h1"));
    }

    private static ChromeSession consent(String user, int delayMs, String outcome) {
        chrome.go("/login/simulator");
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        chrome.find("#user").clear();
        chrome.find("#user").sendKeys(user);
        chrome.find("#delay").clear();
        chrome.find("#delay").sendKeys(String.valueOf(delayMs));
        new Select(chrome.find("#outcome")).selectByValue(outcome);
        return chrome;
    }
}
