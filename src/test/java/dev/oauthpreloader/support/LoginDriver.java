package dev.oauthpreloader.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One person going through the login flow the way the preloader page does: /login/{provider} to
 * the provider and back to /callback, /get-status read as a {@link Status} until the login ends,
 * then /success or /error. Forms are posted with the CSRF token of the page that carries it.
 */
public final class LoginDriver {

    /** Long enough for a provider that hangs past a short test deadline; a login that ends sooner returns sooner. */
    public static final Duration FINISH_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    public final Browser browser;

    public LoginDriver(Browser browser) {
        this.browser = browser;
    }

    /** GET /login/{provider}; returns the authorize URL's parameters (state, code_challenge, …). */
    public Map<String, String> start(String provider) {
        Page login = browser.get("/login/" + provider);
        assertEquals(302, login.status(), "login redirects to the provider: " + login.body());
        return login.locationParams();
    }

    /** The provider's redirect back: GET /callback/{provider}?query. */
    public Page callback(String provider, String query) {
        return browser.get("/callback/" + provider + "?" + query);
    }

    /** Starts a login and comes back from the provider with {@code code} and the right state; returns the operation's id. */
    public String returnWithCode(String provider, String code) {
        Map<String, String> authorize = start(provider);
        return operationId(callback(provider, "code=" + code + "&state=" + authorize.get("state")));
    }

    /** {@link #returnWithCode} with a fresh random code. */
    public String returnWithCode(String provider) {
        return returnWithCode(provider, Tokens.random());
    }

    /** GET /get-status for the session's own latest login, answered at once. */
    public Status currentStatus() {
        return Status.of(browser.getJson("/get-status"));
    }

    /** GET /get-status?op=…, answered at once. */
    public Status status(String op) {
        return Status.of(browser.getJson("/get-status?op=" + op));
    }

    /** Polls /get-status, with the server-side wait the page uses, until the login is no longer pending. */
    public Status awaitFinished(String op) {
        return awaitFinished(op, FINISH_TIMEOUT);
    }

    public Status awaitFinished(String op, Duration timeout) {
        return Status.of(awaitFinishedPage(browser, op, timeout));
    }

    /** Waits for the login to end and asserts it ended ok. */
    public Status awaitOk(String op) {
        Status status = awaitFinished(op);
        assertEquals("ok", status.status(), status.toString());
        return status;
    }

    /** Waits for the login to end and asserts it ended in error for {@code reason}. */
    public Status awaitError(String op, String reason) {
        Status status = awaitFinished(op);
        assertEquals("error", status.status(), status.toString());
        assertEquals(reason, status.reason(), status.toString());
        return status;
    }

    /** A whole login that ends ok, then /success followed home; returns the home page. */
    public Page logIn(String provider) {
        String op = returnWithCode(provider);
        awaitOk(op);
        return success(op);
    }

    /** GET /success?op=…, following its redirects to the page it ends on. */
    public Page success(String op) {
        return browser.follow("/success?op=" + op);
    }

    /** GET /error?op=…, following its redirects to the page it ends on. */
    public Page error(String op) {
        return browser.follow("/error?op=" + op);
    }

    /** Through the simulated provider without its consent page: {@code /login/simulator?query}, every redirect followed. */
    public Page simulatorLogin(String query) {
        return browser.follow("/login/simulator?" + query);
    }

    /**
     * {@link #simulatorLogin} to the logged-in page: waits on the preloader and follows /success when
     * the exchange was not over yet (a fast one goes straight on to / by itself).
     */
    public Page simulatorLoginToHome(String query) {
        Page end = simulatorLogin(query);
        if (end.isPreloader()) {
            String op = end.preloaderOp();
            awaitOk(op);
            end = success(op);
        }
        assertEquals("/", end.path(), end.body());
        return end;
    }

    /** The CSRF token of the index page, as a form on it would send it. */
    public String csrf() {
        return csrf(browser.get("/"));
    }

    /** POST /logout with the index page's CSRF token. */
    public Page logout() {
        return browser.post("/logout", Map.of("csrf", csrf()));
    }

    /** The CSRF token in {@code page}'s forms. */
    public static String csrf(Page page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), "the page carries a CSRF token: " + page.body());
        return matcher.group(1);
    }

    /** The public id of the login a callback started: on the preloader page it answers, or in a redirect to one. */
    public static String operationId(Page callback) {
        if (callback.isPreloader()) return callback.preloaderOp();
        assertTrue(callback.isRedirect(), "expected the preloader or a redirect, got " + callback.status() + ": " + callback.body());
        return callback.locationParams().get("op");
    }

    /** The public id of the login a page reached by following redirects is about (the preloader, say). */
    public static String operationInAddress(Page page) {
        if (page.isPreloader()) return page.preloaderOp();
        return Page.params(page.response().uri().getRawQuery()).get("op");
    }

    /** The last /get-status page once the login is no longer pending; fails the test if it still is after {@code timeout}. */
    static Page awaitFinishedPage(Browser browser, String op, Duration timeout) {
        return await("login " + op + " to finish").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .pollInSameThread()
                .until(() -> browser.getJson("/get-status?op=" + op + "&wait=2000"), page -> !Status.of(page).isPending());
    }
}
