package dev.oauthpreloader.admin;

import static dev.oauthpreloader.support.FakeProvider.delayed;
import static dev.oauthpreloader.support.FakeProvider.status;
import static dev.oauthpreloader.support.FakeProvider.tokenJson;
import static dev.oauthpreloader.support.FakeProvider.userinfoJson;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run whose delays the test chose: three logins whose token endpoint takes 300 ms and userinfo
 * 100 ms, two whose token endpoint fails at once. /ops and /metrics must show those numbers.
 * Tolerances are generous upwards (a shared CI machine is slow) and strict downwards (a delay
 * cannot be shorter than the provider made it).
 */
class OpsNumbersTest {

    static final long TOKEN_DELAY = 300;
    static final long USERINFO_DELAY = 100;
    static final long SLACK = 1500;

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("ADMIN_EMAILS", "ada@example.org")
            .env("OAUTH2_MOCK_TRUST_EMAIL", "true")
            .closing(provider);
    static final List<String> okOps = new ArrayList<>();
    static final List<String> failedOps = new ArrayList<>();
    static Browser admin;

    @BeforeAll
    static void run_logins_with_known_delays() {
        // First, so that its login also warms up the OAuth client code the measured logins run.
        Logins.asSimulatorUser(service, "alice");

        provider.token(() -> delayed(tokenJson("at-slow"), TOKEN_DELAY));
        provider.userinfo(() -> delayed(userinfoJson("42", "Ada", "Lovelace", "ada@example.org"), USERINFO_DELAY));
        for (int i = 0; i < 3; i++) {
            LoginDriver person = service.newPerson();
            okOps.add(Logins.throughProvider(person, "mock"));
            if (admin == null) admin = person.browser; // the mock provider verified Ada's address: she is the administrator
        }
        assertEquals(302, admin.get("/success?op=" + okOps.get(0)).status());
        provider.token(() -> status(500, "text/html", "<html>down</html>"));
        for (int i = 0; i < 2; i++) failedOps.add(Logins.throughProvider(service.newPerson(), "mock"));
        okOps.forEach(op -> assertEquals("ok", service.statusOf(op)));
        failedOps.forEach(op -> assertEquals("token_error", service.reasonOf(op)));
    }

    @Test
    void each_recent_operation_shows_its_stage_timings_outcome_and_node() {
        String page = opsPage();
        for (String op : okOps) {
            String row = row(page, "data-op=\"" + op + "\"");
            assertEquals("mock", field(row, "provider"));
            assertEquals("ok", field(row, "outcome"));
            assertBetween(TOKEN_DELAY, TOKEN_DELAY + SLACK, number(row, "token_ms"), "token_ms of " + op);
            assertBetween(USERINFO_DELAY, USERINFO_DELAY + SLACK, number(row, "profile_ms"), "profile_ms of " + op);
            assertBetween(0, SLACK, number(row, "queue_ms"), "queue_ms of " + op);
            assertBetween(0, SLACK, number(row, "save_ms"), "save_ms of " + op);
            assertBetween(TOKEN_DELAY + USERINFO_DELAY, TOKEN_DELAY + USERINFO_DELAY + 2 * SLACK, number(row, "total_ms"), "total of " + op);
            assertTrue(field(row, "node").length() > 0);
        }
        for (String op : failedOps) {
            String row = row(page, "data-op=\"" + op + "\"");
            assertEquals("error (token_error)", field(row, "outcome"));
            assertEquals("exchanging_code", field(row, "stage"));
            assertBetween(0, SLACK, number(row, "token_ms"), "a failing token endpoint answered at once");
            assertEquals("–", field(row, "profile_ms"), "never reached");
        }
    }

    @Test
    void the_last_hour_per_provider_shows_counts_error_rate_by_reason_and_percentiles() {
        String mock = row(opsPage(), "<tr data-provider=\"mock\">");
        assertEquals(5, number(mock, "logins"));
        assertEquals(3, number(mock, "ok"));
        assertEquals(2, number(mock, "errors"));
        assertEquals("40.0 %", field(mock, "error_rate"));
        assertTrue(mock.contains("token_error: 2 (40.0 %)"), mock);
        // Nearest rank over 5 totals, 2 fast failures and 3 slow successes: p50 is the fastest slow one.
        assertBetween(TOKEN_DELAY + USERINFO_DELAY, TOKEN_DELAY + USERINFO_DELAY + 2 * SLACK, number(mock, "total_p50"), "total p50");
        assertTrue(number(mock, "total_p90") >= number(mock, "total_p50"));
        assertEquals(number(mock, "total_p90"), number(mock, "total_p99"), "with 5 values p90 and p99 are both the slowest");
    }

    @Test
    void stage_percentiles_match_the_delays_the_provider_was_given() {
        String page = opsPage();
        String token = row(page, "data-provider=\"mock\" data-stage=\"token\"");
        assertEquals(5, number(token, "count"));
        assertBetween(TOKEN_DELAY, TOKEN_DELAY + SLACK, number(token, "p50"), "token p50");
        assertBetween(TOKEN_DELAY, TOKEN_DELAY + SLACK, number(token, "p99"), "token p99");
        String profile = row(page, "data-provider=\"mock\" data-stage=\"profile\"");
        assertEquals(3, number(profile, "count"), "only the successful logins fetched a profile");
        assertBetween(USERINFO_DELAY, USERINFO_DELAY + SLACK, number(profile, "p50"), "profile p50");
        String queue = row(page, "data-provider=\"mock\" data-stage=\"queue\"");
        assertBetween(0, SLACK, number(queue, "p99"), "an idle pool starts at once");
    }

    @Test
    void the_latency_chart_is_inline_svg_with_a_dot_per_login_and_needs_no_script_or_inline_style() {
        Page ops = admin.get("/ops");
        String body = ops.body();
        String chart = body.substring(body.indexOf("<svg id=\"latency-chart\""), body.indexOf("</svg>", body.indexOf("<svg id=\"latency-chart\"")));
        assertEquals(6, count(chart, "<circle "), "5 mock logins and the admin's own");
        assertEquals(2, count(chart, "class=\"dot error\""));
        assertTrue(body.contains("<svg id=\"stage-chart\""));
        assertTrue(!body.contains("<script") && !body.contains("style=\""), "the CSP allows neither");
        assertTrue(!body.contains("http://") && !body.contains("https://"), "nothing loaded from elsewhere");
        assertTrue(ops.header("Content-Security-Policy").contains("script-src 'self'"));
    }

    @Test
    void metrics_parse_as_prometheus_text_and_count_the_logins_that_ran() {
        PrometheusText metrics = scrapeUntil(m -> m.value("preloader_logins_ok_total", "provider", "simulator") == 1);
        assertEquals(5, metrics.value("preloader_logins_started_total", "provider", "mock"));
        assertEquals(3, metrics.value("preloader_logins_ok_total", "provider", "mock"));
        assertEquals(2, metrics.value("preloader_logins_error_total", "provider", "mock", "reason", "token_error"));
        assertEquals(1, metrics.value("preloader_logins_started_total", "provider", "simulator"));
        assertEquals(5, metrics.value("preloader_exchange_stage_seconds_count", "provider", "mock", "stage", "token"));
        assertEquals(3, metrics.value("preloader_exchange_stage_seconds_count", "provider", "mock", "stage", "profile"));
        assertEquals(3, metrics.value("preloader_login_duration_seconds_count", "provider", "mock", "outcome", "ok"));
        assertEquals(2, metrics.value("preloader_login_duration_seconds_count", "provider", "mock", "outcome", "error"));
    }

    @Test
    void metrics_token_histogram_puts_the_slow_exchanges_above_the_provider_delay() {
        PrometheusText metrics = scrapeUntil(m -> m.value("preloader_logins_ok_total", "provider", "simulator") == 1);
        // Only the two failures answered in under 300 ms: cumulative buckets below 0.3 s hold at most 2.
        double belowDelay = metrics.samples.stream()
                .filter(s -> s.name().equals("preloader_exchange_stage_seconds_bucket")
                        && "mock".equals(s.labels().get("provider")) && "token".equals(s.labels().get("stage"))
                        && !s.labels().get("le").equals("+Inf") && Double.parseDouble(s.labels().get("le")) < 0.3)
                .mapToDouble(PrometheusText.Sample::value).max().orElse(0);
        assertTrue(belowDelay <= 2, "at most the two failures are faster than the delay: " + belowDelay);
        assertEquals(5, metrics.value("preloader_exchange_stage_seconds_bucket", "provider", "mock", "stage", "token", "le", "+Inf"));
    }

    @Test
    void metrics_report_the_exchange_pool_and_pending_operations() {
        PrometheusText metrics = PrometheusText.parse(service.newBrowser().get("/metrics").body());
        assertEquals(0, metrics.value("preloader_exchange_active"));
        assertEquals(0, metrics.value("preloader_exchange_queued"));
        assertEquals(2000, metrics.value("preloader_exchange_threads"));
        assertEquals(1000, metrics.value("preloader_exchange_queue_capacity"));
        assertEquals(0, metrics.value("preloader_operations_pending"));
    }

    private static String opsPage() {
        Page ops = admin.get("/ops");
        assertEquals(200, ops.status(), ops.body());
        return ops.body();
    }

    /** Counters are bumped just after the row is written, so a scrape may briefly trail the page. */
    private static PrometheusText scrapeUntil(Predicate<PrometheusText> ready) {
        return await("the counters to catch up with the rows").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .pollInSameThread().until(OpsNumbersTest::scrape, ready);
    }

    private static PrometheusText scrape() {
        Page page = service.newBrowser().get("/metrics");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/plain"), page.header("Content-Type"));
        return PrometheusText.parse(page.body());
    }

    /** The table row that contains {@code marker}. */
    static String row(String html, String marker) {
        int at = html.indexOf(marker);
        assertTrue(at >= 0, "no row with " + marker);
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    static String field(String row, String name) {
        Matcher m = Pattern.compile("data-field=\"" + name + "\">([^<]*)<").matcher(row);
        assertTrue(m.find(), "no " + name + " in " + row);
        return m.group(1).trim();
    }

    static long number(String row, String name) {
        return Long.parseLong(field(row, name));
    }

    static void assertBetween(long min, long max, long actual, String what) {
        assertTrue(actual >= min && actual <= max, what + " = " + actual + ", expected " + min + ".." + max);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
