package dev.oauthpreloader.security;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator logs anyone in as anyone with a "verified" address: that never makes an administrator. */
class SimulatorAdminTest {

    @Test
    void a_simulator_identity_never_opens_ops_even_when_admin_emails_names_its_address() {
        try (RunningService service = RunningService.start(Map.of("ADMIN_EMAILS", "alice@simulator.invalid"))) {
            Browser alice = service.newBrowser();
            Page end = alice.follow("/login/simulator?user=alice&auto=1");
            if (end.isPreloader()) {
                String op = LoginDriver.operationInAddress(end);
                assertTrue(awaitFinished(alice, op, 5000).body().contains("\"status\":\"ok\""));
                end = alice.follow("/success?op=" + op);
            }
            assertTrue(end.body().contains("Hi, Alice!"), end.body());
            Page ops = alice.get("/ops");
            assertEquals(403, ops.status());
            assertTrue(ops.body().contains("not one of them"), ops.body());
        }
    }
}
