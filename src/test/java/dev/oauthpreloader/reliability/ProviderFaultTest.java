package dev.oauthpreloader.reliability;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a provider endpoint can break ends the login in error with a specific reason. */
class ProviderFaultTest {

    static FakeProvider provider;
    static RunningService service;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.put("LOGIN_DEADLINE_SECONDS", "2");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        provider.close();
    }

    @ParameterizedTest(name = "{0} endpoint, {1} -> {2}")
    @CsvSource({
            "token, 5xx, token_error",
            "token, html, bad_response",
            "token, truncated, bad_response",
            "token, empty, bad_response",
            "token, reset, unreachable",
            "token, hang, timeout",
            "userinfo, 5xx, profile_error",
            "userinfo, html, bad_response",
            "userinfo, truncated, bad_response",
            "userinfo, empty, bad_response",
            "userinfo, reset, unreachable",
            "userinfo, hang, timeout"})
    void a_broken_endpoint_ends_the_login_in_error_with_a_specific_reason(String endpoint, String fault, String reason) {
        Supplier<MockResponse> broken = fault(fault, endpoint.equals("token"));
        if (endpoint.equals("token")) {
            provider.token(broken);
            provider.userinfo(() -> FakeProvider.userinfoJson("7", "Eve", "Fault", "eve@example.org"));
        } else {
            provider.token(() -> FakeProvider.tokenJson("fault-token"));
            provider.userinfo(broken);
        }
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String op = operationId(callback(browser, "mock", "code=fault&state=" + authorize.get("state")));
        Page status = awaitFinished(browser, op, 6000);
        assertTrue(status.body().contains("\"reason\":\"" + reason + "\""), status.body());
        assertEquals("error", service.statusOf(op));
        assertFalse_loggedIn(browser);
    }

    @Test
    void after_faults_no_exchange_thread_is_left_blocked_on_a_provider() throws InterruptedException {
        provider.token(FakeProvider::hang);
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "mock");
        String op = operationId(callback(browser, "mock", "code=stuck&state=" + authorize.get("state")));
        awaitFinished(browser, op, 6000);
        // The read timeout equals the deadline: shortly after the reaper fails the operation,
        // the worker's socket read gives up too.
        long end = System.currentTimeMillis() + 5000;
        while (!blockedExchangeThreads().isEmpty() && System.currentTimeMillis() < end) Thread.sleep(100);
        assertEquals(List.of(), blockedExchangeThreads());
    }

    private static List<String> blockedExchangeThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("exchange-"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("java.net")
                        || f.getClassName().startsWith("sun.nio") || f.getClassName().startsWith("sun.net")))
                .map(e -> e.getKey().getName())
                .toList();
    }

    private static Supplier<MockResponse> fault(String fault, boolean token) {
        String truncated = token ? "{\"access_token\":\"abc\",\"token_ty" : "{\"id\":\"7\",\"given_na";
        return switch (fault) {
            case "5xx" -> () -> FakeProvider.status(503, "text/plain", "unavailable");
            case "html" -> () -> FakeProvider.status(200, "text/html", "<html><body>Please log in</body></html>");
            case "truncated" -> () -> FakeProvider.status(200, "application/json", truncated);
            case "empty" -> () -> FakeProvider.status(200, "application/json", "");
            case "reset" -> () -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
            case "hang" -> FakeProvider::hang;
            default -> throw new IllegalArgumentException(fault);
        };
    }

    private static void assertFalse_loggedIn(Browser browser) {
        assertTrue(!browser.get("/").body().contains("Hi,"), "nobody is logged in");
    }
}
