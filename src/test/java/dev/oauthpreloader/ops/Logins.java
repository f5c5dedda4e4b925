package dev.oauthpreloader.ops;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;

/** Logins the ops tests need: a simulated person logged in, or one exchange against the fake provider. */
final class Logins {

    private Logins() {
    }

    /** A browser logged in as simulator user {@code user} ({@code user@simulator.invalid}, verified). */
    static Browser asSimulatorUser(RunningService service, String user) {
        Browser browser = service.newBrowser();
        Page end = browser.follow("/login/simulator?user=" + user + "&auto=1");
        // A fast exchange may be over before the preloader is fetched: it then goes straight on to /success and /.
        if (end.path().equals("/preloader")) {
            String op = Page.params(end.response().uri().getRawQuery()).get("op");
            assertTrue(awaitFinished(browser, op, 5000).body().contains("\"status\":\"ok\""));
            end = browser.follow("/success?op=" + op);
        }
        assertEquals("/", end.path(), end.body());
        assertTrue(end.body().contains("id=\"greeting\""), end.body());
        return browser;
    }

    /** Runs one login against the fake provider configured as {@code provider} to its end; returns the operation's id. */
    static String throughProvider(Browser browser, String provider) {
        Map<String, String> authorize = startLogin(browser, provider);
        String op = operationId(callback(browser, provider, "code=" + Tokens.random() + "&state=" + authorize.get("state")));
        Page status = awaitFinished(browser, op, 8000);
        assertTrue(!status.body().contains("\"pending\""), "still pending: " + status.body());
        return op;
    }
}
