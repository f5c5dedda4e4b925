package dev.oauthpreloader.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.RunningService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

/**
 * Every page of the flow as a person sees it, on a phone (375 px) and on a desktop: each is saved
 * under target/screenshots/&lt;width&gt;-&lt;page&gt;.png for people to look at, and each must fit its
 * width without sideways scrolling. The docs show a few of them (static/screenshots/).
 */
@Tag("browser")
class PageScreenshotsTest {

    /** Long enough for the slow note (a third of the deadline) to show before the provider answers. */
    static final int DEADLINE_SECONDS = 9;
    static final int SLOW_PROVIDER_MS = 5000;

    static FakeProvider acme;
    static RunningService service;
    static ChromeSession chrome;

    @BeforeAll
    static void start() {
        if (!ChromeSession.installed()) return; // each test then skips, or fails in CI, with the reason
        acme = new FakeProvider();
        Map<String, String> env = new HashMap<>(acme.env("acme"));
        env.put("OAUTH2_ACME_LABEL", "Acme");
        env.put("LOGIN_DEADLINE_SECONDS", String.valueOf(DEADLINE_SECONDS));
        service = RunningService.start(env);
        chrome = ChromeSession.open(service, true);
    }

    @AfterAll
    static void stop() {
        if (chrome != null) chrome.close();
        if (service != null) service.close();
        if (acme != null) acme.close();
    }

    @BeforeEach
    void new_visitor() {
        ChromeSession.requireChromium();
        chrome.reset();
    }

    @AfterEach
    void no_page_broke_the_content_security_policy() {
        if (chrome == null) return;
        chrome.consoleErrors().forEach(entry ->
                assertFalse(entry.getMessage().contains("Content Security Policy"), entry.getMessage()));
    }

    @ParameterizedTest
    @ValueSource(ints = {375, 1024})
    void a_slow_login_from_the_start_page_to_the_account_page(int width) {
        resize(width);
        chrome.go("/");
        assertEquals("Log in", chrome.text("h1"));
        shoot(width, "start");

        chrome.find("#login-simulator").click();
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        choose("ada", SLOW_PROVIDER_MS, "ok");
        shoot(width, "consent");

        chrome.find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        assertFalse(chrome.isShown("#slow"), "a login that has just begun is not called slow");
        shoot(width, "preloader-fast");
        chrome.waitUpTo(Duration.ofSeconds(DEADLINE_SECONDS)).until(d -> chrome.isShown("#slow"));
        shoot(width, "preloader-slow");

        chrome.awaitText("#greeting", "Hi, Ada!", Duration.ofSeconds(DEADLINE_SECONDS + 5));
        assertTrue(chrome.isShown("#connect-acme"), "the account page offers the other provider");
        shoot(width, "logged-in");
    }

    @ParameterizedTest
    @ValueSource(ints = {375, 1024})
    void a_failed_login_and_a_cancelled_one(int width) {
        resize(width);
        chrome.go("/login/simulator");
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        choose("bob", 0, "token_error");
        chrome.find("#allow").click();
        chrome.awaitPath("/error", Duration.ofSeconds(10));
        assertEquals("Login failed", chrome.text("h1"));
        assertTrue(chrome.text("#reference").startsWith("Support reference:"), chrome.text("#reference"));
        shoot(width, "error");

        chrome.reset();
        resize(width);
        chrome.go("/login/simulator");
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        choose("carol", SLOW_PROVIDER_MS, "ok");
        chrome.find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        chrome.find("#cancel").click();
        chrome.awaitPath("/error", Duration.ofSeconds(5));
        assertEquals("Login cancelled", chrome.text("h1"));
        assertEquals("calm", chrome.find("#reason").getAttribute("class"));
        shoot(width, "cancelled");
    }

    private static void resize(int width) {
        chrome.driver.manage().window().setSize(new Dimension(width, width == 375 ? ChromeSession.PHONE.height : ChromeSession.DESKTOP.height));
    }

    private static void choose(String user, int delayMs, String outcome) {
        chrome.find("#user").clear();
        chrome.find("#user").sendKeys(user);
        chrome.find("#delay").clear();
        chrome.find("#delay").sendKeys(String.valueOf(delayMs));
        new Select(chrome.find("#outcome")).selectByValue(outcome);
    }

    /** Saves the page and checks that it fits: a page wider than the screen makes a phone scroll sideways. */
    private static void shoot(int width, String page) {
        chrome.screenshot((width == 375 ? "phone-" : "desktop-") + page);
        long scrollWidth = ((Number) chrome.script("return document.documentElement.scrollWidth")).longValue();
        long viewport = ((Number) chrome.script("return window.innerWidth")).longValue();
        assertTrue(scrollWidth <= viewport, page + " at " + width + " px is " + scrollWidth + " px wide");
    }
}
