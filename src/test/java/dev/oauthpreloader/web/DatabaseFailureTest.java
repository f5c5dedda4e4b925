package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import org.junit.jupiter.api.Test;

/** A database that fails under a request: the person is told to try again (503), and nothing is half-written. */
class DatabaseFailureTest {

    @Test
    void a_callback_that_cannot_record_the_login_answers_503_with_a_page_and_writes_nothing() {
        try (RunningService service = RunningService.start()) {
            Browser browser = service.newBrowser();
            Page login = browser.get("/login/simulator?user=alice&delay=0&outcome=ok&auto=1");
            Page authorize = browser.get(login.location());
            service.db().useHandle(h -> h.execute("ALTER TABLE async_operation RENAME TO async_operation_away"));
            Page callback;
            try {
                callback = browser.get(authorize.location());
            } finally {
                service.db().useHandle(h -> h.execute("ALTER TABLE async_operation_away RENAME TO async_operation"));
            }

            assertEquals(503, callback.status());
            assertEquals("5", callback.header("Retry-After"));
            assertTrue(callback.body().contains("cannot reach its database"), callback.body());
            assertFalse(callback.body().contains("Exception"), "no exception names on the page");
            assertEquals(0, service.count("SELECT COUNT(*) FROM async_operation"), "no row was left behind");
        }
    }
}
