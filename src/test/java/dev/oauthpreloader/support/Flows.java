package dev.oauthpreloader.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/** The steps of a login, as a browser and a provider would take them. */
public final class Flows {

    private Flows() {
    }

    /** GET /login/{provider}; returns the authorize URL's parameters (state, code_challenge, …). */
    public static Map<String, String> startLogin(Browser browser, String provider) {
        Page login = browser.get("/login/" + provider);
        assertEquals(302, login.status(), "login redirects to the provider");
        return login.locationParams();
    }

    /** The provider's redirect back: GET /callback/{provider}?query. */
    public static Page callback(Browser browser, String provider, String query) {
        return browser.get("/callback/" + provider + "?" + query);
    }

    /** The public id in a /preloader?op=… redirect. */
    public static String operationId(Page redirect) {
        assertTrue(redirect.isRedirect(), "expected a redirect, got " + redirect.status() + ": " + redirect.body());
        return redirect.locationParams().get("op");
    }

    /** Polls /get-status until it is no longer pending, using the server-side wait. */
    public static Page awaitFinished(Browser browser, String op, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        Page status;
        do {
            status = browser.getJson("/get-status?op=" + op + "&wait=2000");
        } while (status.body().contains("\"pending\"") && System.currentTimeMillis() < end);
        return status;
    }
}
