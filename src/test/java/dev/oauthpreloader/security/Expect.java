package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceUnderTest;
import java.util.function.Supplier;

/** The outcome every refusal must have: its status and words, no stack trace, nothing started, nobody logged in. */
final class Expect {

    private Expect() {
    }

    /** Runs {@code request} and asserts it was refused with {@code status} and {@code text}, starting no operation. */
    static Page refused(ServiceUnderTest service, Browser browser, int status, String text, Supplier<Page> request) {
        int before = operations(service);
        Page page = request.get();
        assertEquals(status, page.status(), page.body());
        assertTrue(page.body().contains(text), "expected '" + text + "' in: " + page.body());
        noStackTrace(page);
        assertEquals(before, operations(service), "no operation was started");
        assertEquals(0, service.pendingCount(), "nothing is pending");
        nobodyLoggedIn(browser);
        return page;
    }

    static void noStackTrace(Page page) {
        String body = page.body();
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("Caused by")
                || body.contains("dev.oauthpreloader.") || body.contains("org.eclipse.jetty"), body);
        assertTrue(page.status() < 500, "never a server error: " + page.status());
    }

    static void nobodyLoggedIn(Browser browser) {
        Page home = browser.get("/");
        assertEquals(200, home.status());
        assertFalse(home.body().contains("Hi,"), "nobody is logged in");
    }

    static int operations(ServiceUnderTest service) {
        return service.count("SELECT COUNT(*) FROM async_operation");
    }
}
