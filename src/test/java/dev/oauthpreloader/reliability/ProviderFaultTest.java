package dev.oauthpreloader.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ScriptedProvider;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a provider endpoint can break ends the login in error with a specific reason. */
class ProviderFaultTest {

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("LOGIN_DEADLINE_SECONDS", "2")
            .closing(provider);

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
        LoginDriver person = service.newPerson();
        String op = person.returnWithCode("mock", "fault");
        person.awaitError(op, reason);
        assertEquals("error", service.statusOf(op));
        assertFalse(person.browser.get("/").body().contains("Hi,"), "nobody is logged in");
    }

    @Test
    void after_faults_no_exchange_thread_is_left_blocked_on_a_provider() {
        provider.token(FakeProvider::hang);
        LoginDriver person = service.newPerson();
        String op = person.returnWithCode("mock", "stuck");
        person.awaitFinished(op);
        // The read timeout equals the deadline: shortly after the reaper fails the operation,
        // the worker's socket read gives up too.
        await("no exchange thread blocked on a provider").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(ProviderFaultTest::blockedExchangeThreads, List::isEmpty);
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
            case "reset" -> ScriptedProvider::cutAfterRequest;
            case "hang" -> FakeProvider::hang;
            default -> throw new IllegalArgumentException(fault);
        };
    }
}
