package dev.oauthpreloader.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.Flows;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the end pages say: calm for a person's own cancel, an alarm for a failure, and always a reference for support. */
class ErrorPageWordingTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern REFERENCE = Pattern.compile("Support reference: <code>([^<]+)</code>");

    static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("LOGIN_DEADLINE_SECONDS", "20"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void the_start_page_buttons_say_log_in_with() {
        String index = service.newBrowser().get("/").body();
        assertTrue(index.contains(">Log in with Simulated provider</a>"), index);
        assertFalse(index.contains("Login with"), index);
    }

    @Test
    void a_persons_own_cancel_is_said_calmly_not_in_the_alarm_box() {
        Browser browser = service.newBrowser();
        Page preloader = slowLogin(browser, 5000);
        String op = opOf(preloader);

        Page cancelled = browser.follow(browser.post("/cancel?op=" + op, Map.of("csrf", csrfOf(preloader))).location());
        assertEquals("Login cancelled", between(cancelled.body(), "<h1>", "</h1>"));
        assertTrue(cancelled.body().contains("<p class=\"calm\" id=\"reason\" data-reason=\"cancelled\">"), cancelled.body());
        assertFalse(cancelled.body().contains("class=\"message\""), "no alarm box for a choice the person made");
        assertTrue(cancelled.body().contains(">Log in with Simulated provider</a>"), cancelled.body());
    }

    @Test
    void a_failure_gives_a_support_reference_that_greps_its_log_lines() {
        try (CapturedLog log = new CapturedLog()) {
            Browser browser = service.newBrowser();
            Page preloader = browser.follow("/login/simulator?user=alice&outcome=token_error&auto=1");
            String op = opOf(preloader); // the preloader, or already /error: both carry op=
            Flows.awaitFinished(browser, op, 8000);
            Page error = browser.follow("/error?op=" + op);

            assertTrue(error.body().contains("class=\"message\" id=\"reason\" data-reason=\"token_error\""), error.body());
            String reference = referenceOf(error);
            assertEquals(8, reference.length());
            assertTrue(op.startsWith(reference), "a prefix of the operation's public id");
            assertTrue(error.body().contains("it names this login in our logs"), error.body());
            assertTrue(log.text().contains("op=" + reference), "grep op=" + reference + " finds the login's lines");
        }
    }

    @Test
    void a_login_whose_node_died_is_failed_as_node_lost_and_says_so_not_that_the_service_restarted() throws InterruptedException {
        Browser browser = service.newBrowser();
        String op = opOf(slowLogin(browser, 10_000));
        // As if another node had taken this callback and then died: no heartbeat of its own exists.
        service.db().useHandle(h -> h.execute("UPDATE async_operation SET node_id = 'a-node-that-died' WHERE public_id = ?", op));

        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (!"node_lost".equals(service.reasonOf(op)) && System.nanoTime() < end) Thread.sleep(100);
        assertEquals("node_lost", service.reasonOf(op));
        Page error = browser.follow("/error?op=" + op);
        assertTrue(error.body().contains(FailureReason.NODE_LOST.message), error.body());
        assertFalse(error.body().contains("restarted"), error.body());
        assertTrue(op.startsWith(referenceOf(error)));
    }

    private static Page slowLogin(Browser browser, int delayMs) {
        Page preloader = browser.follow("/login/simulator?user=alice&delay=" + delayMs + "&outcome=ok&auto=1");
        assertTrue(preloader.isPreloader(), preloader.body());
        return preloader;
    }

    private static String opOf(Page page) {
        return LoginDriver.operationInAddress(page);
    }

    private static String csrfOf(Page page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), page.body());
        return matcher.group(1);
    }

    private static String referenceOf(Page page) {
        Matcher matcher = REFERENCE.matcher(page.body());
        assertTrue(matcher.find(), page.body());
        return matcher.group(1);
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from) + from.length();
        return text.substring(start, text.indexOf(to, start)).strip();
    }
}
