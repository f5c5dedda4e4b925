package dev.oauthpreloader.support;

import java.time.Duration;
import java.util.Map;

/**
 * The steps of a login as static calls on a {@link Browser}.
 *
 * @deprecated use {@link LoginDriver}; these stay for tests written against them.
 */
@Deprecated
public final class Flows {

    private Flows() {
    }

    public static Map<String, String> startLogin(Browser browser, String provider) {
        return new LoginDriver(browser).start(provider);
    }

    public static Page callback(Browser browser, String provider, String query) {
        return new LoginDriver(browser).callback(provider, query);
    }

    public static String operationId(Page redirect) {
        return LoginDriver.operationId(redirect);
    }

    /** The last /get-status page, once no longer pending (the test fails if it still is after the timeout). */
    public static Page awaitFinished(Browser browser, String op, long timeoutMillis) {
        return LoginDriver.awaitFinishedPage(browser, op, Duration.ofMillis(timeoutMillis));
    }
}
