package dev.oauthpreloader.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ScriptedProvider;
import dev.oauthpreloader.support.ServiceExtension;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a provider endpoint can break ends the login in error with a specific reason. */
class ProviderFaultTest {

    static final ObjectMapper JSON = new ObjectMapper();
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
        // An earlier hang case's worker may still sit in its read for up to a deadline.
        await("earlier exchanges to end").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> blockedExchangeThreads().isEmpty() && exchangesActive() == 0);
        provider.token(FakeProvider::hang);
        LoginDriver person = service.newPerson();
        String op = person.returnWithCode("mock", "stuck");
        // First see the exchange blocked while the provider hangs: a check that cannot see it then
        // (Thread.getAllStackTraces leaves out virtual threads) would pass afterwards whatever happened.
        await("the exchange to block on the hanging provider").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(ProviderFaultTest::blockedExchangeThreads, blocked -> !blocked.isEmpty());
        assertEquals(1, exchangesActive(), "the service counts the blocked exchange as running");

        person.awaitError(op, "timeout");
        // The read timeout equals the deadline: shortly after the reaper fails the operation,
        // the worker's socket read gives up too.
        await("no exchange thread blocked on a provider").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(ProviderFaultTest::blockedExchangeThreads, List::isEmpty);
        await("the service to count no running exchange").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(ProviderFaultTest::exchangesActive, active -> active == 0);
    }

    /**
     * Exchange threads (virtual, named exchange-N) whose stack is in a socket read, from a thread
     * dump of this JVM that, unlike Thread.getAllStackTraces, includes virtual threads.
     */
    private static List<String> blockedExchangeThreads() throws IOException {
        Path file = Files.createTempDirectory("thread-dump").resolve("threads.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            List<String> blocked = new ArrayList<>();
            for (JsonNode container : JSON.readTree(file.toFile()).at("/threadDump/threadContainers")) {
                for (JsonNode thread : container.path("threads")) {
                    if (!thread.path("name").asText().startsWith("exchange-")) continue;
                    for (JsonNode frame : thread.path("stack")) {
                        if (isNetworkFrame(frame.asText())) {
                            blocked.add(thread.path("name").asText());
                            break;
                        }
                    }
                }
            }
            return blocked;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    /** A frame such as {@code java.base/sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:191)}. */
    private static boolean isNetworkFrame(String frame) {
        String method = frame.substring(frame.lastIndexOf('/', Math.max(0, frame.indexOf('('))) + 1);
        return method.startsWith("java.net.") || method.startsWith("sun.nio.") || method.startsWith("sun.net.");
    }

    /** The service's own gauge of exchanges holding a running place (preloader_exchange_active). */
    private static double exchangesActive() {
        String metrics = service.newBrowser().get("/metrics").body();
        Matcher gauge = Pattern.compile("(?m)^preloader_exchange_active (\\S+)$").matcher(metrics);
        assertTrue(gauge.find(), "no preloader_exchange_active in /metrics");
        return Double.parseDouble(gauge.group(1));
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
