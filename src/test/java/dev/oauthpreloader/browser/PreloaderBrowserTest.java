package dev.oauthpreloader.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.support.ServiceExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.support.ui.Select;

/**
 * The preloader as a person meets it: headless Chromium clicks through the simulated provider's
 * consent page, watches the preloader and ends logged in or on an error page. One browser for the
 * class, a fresh cookie jar per test.
 */
@Tag("browser")
class PreloaderBrowserTest {

    /** Short, so the deadline cases finish quickly, yet longer than the 3 s slow provider. */
    static final int DEADLINE_SECONDS = 5;
    static final Duration PAST_DEADLINE = Duration.ofSeconds(DEADLINE_SECONDS + 5);

    @RegisterExtension
    @Order(1)
    static final ServiceExtension service = ServiceExtension.with(Map.of("LOGIN_DEADLINE_SECONDS", String.valueOf(DEADLINE_SECONDS)));
    @RegisterExtension
    @Order(2)
    static final ChromeSession chrome = ChromeSession.forService(service, true);

    @Test
    void happy_path_through_the_consent_page_greets_the_person_by_first_name() {
        chrome.go("/");
        chrome.find("#login-simulator").click();
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        chrome.find("#user").clear();
        chrome.find("#user").sendKeys("grace");
        chrome.find("#allow").click();

        chrome.awaitText("#greeting", "Hi, Grace!", Duration.ofSeconds(10));
        assertEquals("/", chrome.path());
        chrome.screenshot("happy-path");
    }

    @Test
    void a_slow_provider_shows_the_preloader_with_its_stage_and_then_greets_the_person() {
        consent("alice", 3000, "ok").find("#allow").click();

        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        String op = operationInAddress();
        assertTrue(chrome.spokenText("#stage").startsWith("Exchanging the code"), chrome.spokenText("#stage"));
        assertEquals("Exchanging the code with the provider", chrome.text(".steps li.current"));
        assertEquals("polite", chrome.find("#progress").getAttribute("aria-live"));
        assertEquals("step", chrome.find(".steps li.current").getAttribute("aria-current"));
        chrome.waitUpTo(Duration.ofSeconds(3)).until(d -> chrome.isShown("#slow"));
        assertTrue(Integer.parseInt(chrome.text("#elapsed")) >= 1, "elapsed time counts up");
        assertTrue(chrome.text("#slow").contains("taking longer than usual"), chrome.text("#slow"));
        long polls = statusPollsSoFar();
        assertTrue(polls <= 3, "long polling, not hammering: " + polls + " finished polls in about 2 s");
        chrome.screenshot("preloader");

        chrome.awaitText("#greeting", "Hi, Alice!", Duration.ofSeconds(8));
        assertEquals("ok", service.statusOf(op));
        chrome.screenshot("logged-in");
    }

    /**
     * The aim is about 50 ms (a one-second poll averages 500). Measured here 7 to 48 ms with a median
     * near 25; the bound is twice the aim because other builds may share this machine's two cores.
     * It also prints, for issue 15's browser target (docs/benchmark.md), how long after the 2 s
     * provider answered the code the logged-in page was ready; that is measured, not asserted.
     */
    @Test
    void the_page_notices_a_finished_login_within_milliseconds_not_a_poll_interval() {
        List<Long> latencies = new ArrayList<>();
        List<Long> landings = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && latencies.size() < 5; attempt++) {
            chrome.reset();
            consent("ada", 2000, "ok").find("#allow").click();
            chrome.awaitText("#greeting", "Hi, Ada!", Duration.ofSeconds(10));
            // Only a login the preloader waited for counts: its script navigated to /success, one
            // redirect to /. On a busy machine the page may load only after the worker finished.
            if (navigationRedirects() == 1) {
                String op = newestOperation();
                latencies.add(noticeLatencyMillis(op));
                landings.add(landingAfterProviderMillis(op));
            }
        }
        assertTrue(latencies.size() >= 3, "too few logins were waited for on the preloader: " + latencies);
        long median = median(latencies);
        System.out.println("notice latencies (ms): " + latencies + ", median " + median);
        System.out.println("logged-in page ready after the provider's token answer (ms): " + landings + ", median " + median(landings));
        assertTrue(median <= 100, "median notice latency " + median + " ms: " + latencies);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "denied, cancelled",
            "token_error, token_error",
            "bad_json, bad_response",
            "userinfo_error, profile_error",
    })
    void each_provider_failure_ends_on_an_error_page_that_says_why(String outcome, String reason) {
        var page = consent("bob", 0, outcome);
        page.find(outcome.equals("denied") ? "#deny" : "#allow").click();

        chrome.awaitPath("/error", Duration.ofSeconds(10));
        assertEquals(reason, chrome.find("#reason").getAttribute("data-reason"));
        assertEquals(FailureReason.byCode(reason).message, chrome.text("#reason"));
        assertTrue(chrome.isShown("#retry"), "a try-again button");
        chrome.screenshot("error-" + outcome);
    }

    @Test
    void a_provider_that_hangs_ends_at_the_deadline_and_try_again_starts_a_new_login() {
        consent("carol", 0, "hang").find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        String op = operationInAddress();
        chrome.waitUpTo(Duration.ofSeconds(DEADLINE_SECONDS)).until(d -> chrome.isShown("#slow"));

        chrome.awaitPath("/error", PAST_DEADLINE);
        assertEquals("timeout", chrome.find("#reason").getAttribute("data-reason"));
        assertEquals(FailureReason.TIMEOUT.message, chrome.text("#reason"));
        assertEquals("error", service.statusOf(op));
        chrome.screenshot("error-hang");

        chrome.find("#retry").click();
        chrome.awaitPath("/simulator/authorize", Duration.ofSeconds(5));
        assertTrue(chrome.isShown("#allow"), "the provider's consent page again");
    }

    @Test
    void a_poll_that_fails_is_retried_and_the_page_recovers() {
        var page = consent("dave", 1500, "ok");
        chrome.blockStatusPolls(true);
        page.find("#allow").click();

        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        chrome.waitUpTo(Duration.ofSeconds(5)).until(d -> chrome.isShown("#connection"));
        assertTrue(chrome.text("#connection").contains("retrying"), chrome.text("#connection"));
        assertEquals("/preloader", chrome.path(), "a failed poll does not end the page");
        chrome.blockStatusPolls(false);

        chrome.awaitText("#greeting", "Hi, Dave!", Duration.ofSeconds(10));
        chrome.screenshot("recovered");
    }

    @Test
    void a_page_that_cannot_reach_the_server_gives_up_after_the_deadline_with_a_clear_message() {
        var page = consent("erin", 0, "hang");
        chrome.blockStatusPolls(true);
        page.find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));

        chrome.waitUpTo(PAST_DEADLINE).until(d -> chrome.isShown("#problem"));
        assertTrue(chrome.text("#problem").contains("did not finish in time"), chrome.text("#problem"));
        assertTrue(chrome.isShown("#restart"), "a try-again link");
        assertFalse(chrome.isShown("#cancel"), "nothing left to cancel");
        assertEquals("/preloader", chrome.path());
        chrome.screenshot("gave-up");
        chrome.blockStatusPolls(false);
    }

    @Test
    void cancel_abandons_the_login_and_nobody_is_logged_in() {
        consent("frank", 4000, "ok").find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        String op = operationInAddress();

        chrome.find("#cancel").click();
        chrome.awaitPath("/error", Duration.ofSeconds(5));
        assertEquals("Login cancelled", chrome.text("h1"));
        assertEquals("cancelled", service.reasonOf(op));
        assertEquals("error", service.statusOf(op));
        chrome.screenshot("cancelled");

        chrome.go("/");
        assertTrue(chrome.isShown("#login-simulator"), "still logged out");
    }

    @Test
    void the_preloader_and_the_greeting_fit_a_phone_screen() {
        chrome.driver.manage().window().setSize(ChromeSession.PHONE);
        consent("gina", 2000, "ok").find("#allow").click();
        chrome.awaitPath("/preloader", Duration.ofSeconds(5));
        assertNoHorizontalScroll();
        assertTrue(chrome.isShown("#cancel"));
        chrome.screenshot("preloader-phone");

        chrome.awaitText("#greeting", "Hi, Gina!", Duration.ofSeconds(8));
        assertNoHorizontalScroll();
        chrome.screenshot("logged-in-phone");
    }

    /** Opens the simulated provider's consent page and fills in the tester's choice. */
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

    private static String operationInAddress() {
        String query = URI.create(chrome.driver.getCurrentUrl()).getQuery();
        return query.substring(query.indexOf("op=") + 3).split("&")[0];
    }

    private static long navigationRedirects() {
        return (Long) chrome.script("return performance.getEntriesByType('navigation')[0].redirectCount;");
    }

    private static String newestOperation() {
        return service.db().withHandle(h -> h.createQuery("SELECT public_id FROM async_operation ORDER BY created_at DESC LIMIT 1")
                .mapTo(String.class).one());
    }

    /** /get-status requests this page has completed so far (the one waiting now is not counted). */
    private static long statusPollsSoFar() {
        return (Long) chrome.script(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes('/get-status')).length;");
    }

    /**
     * From the worker finishing (finished_at, written by the service) to the browser starting the
     * navigation away from the preloader (the time origin of the page it ends on: /success
     * redirects to /, and a redirected navigation keeps its start time). Same machine, same clock.
     */
    private static long noticeLatencyMillis(String op) {
        long finishedAt = service.db().withHandle(h -> h.createQuery("SELECT finished_at FROM async_operation WHERE public_id = :id")
                .bind("id", op).mapTo(Long.class).one());
        double navigationStart = ((Number) chrome.script("return performance.timeOrigin;")).doubleValue();
        return Math.round(navigationStart) - finishedAt;
    }

    /**
     * From the provider's answer to the code (the end of the worker's token stage: created_at plus
     * the queue and token times it recorded) to the logged-in page's DOMContentLoaded in the browser.
     * Both clocks are this machine's.
     */
    private static long landingAfterProviderMillis(String op) {
        long answeredAt = service.db().withHandle(h -> h.createQuery("""
                        SELECT created_at + COALESCE(queue_ms, 0) + token_ms FROM async_operation WHERE public_id = :id""")
                .bind("id", op).mapTo(Long.class).one());
        double ready = ((Number) chrome.script("return performance.timeOrigin"
                + " + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;")).doubleValue();
        return Math.round(ready) - answeredAt;
    }

    private static void assertNoHorizontalScroll() {
        long overflow = (Long) chrome.script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(overflow <= 0, "the page scrolls sideways by " + overflow + " px");
    }
}
