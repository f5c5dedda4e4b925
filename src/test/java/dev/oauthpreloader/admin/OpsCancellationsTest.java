package dev.oauthpreloader.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Flows;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /ops must not make a provider look worse because people changed their minds, and /metrics must
 * stay small: a dozen buckets a series, not Micrometer's seventy.
 */
class OpsCancellationsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    static FakeProvider provider;
    static RunningService service;
    static Browser admin;

    @BeforeAll
    static void one_ok_two_cancelled_one_failed() {
        provider = new FakeProvider();
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.putAll(Map.of("ADMIN_EMAILS", "ada@example.org", "OAUTH2_MOCK_TRUST_EMAIL", "true", "LOGIN_DEADLINE_SECONDS", "30"));
        service = RunningService.start(env);
        Logins.asSimulatorUser(service, "alice");
        // The administrator logs in where her address is verified: simulator identities never open /ops.
        LoginDriver ada = service.newPerson();
        admin = ada.browser;
        assertEquals(302, admin.get("/success?op=" + Logins.throughProvider(ada, "mock")).status());
        for (int i = 0; i < 2; i++) {
            Browser browser = service.newBrowser();
            Page preloader = browser.follow("/login/simulator?user=bob&delay=5000&outcome=ok&auto=1");
            String op = LoginDriver.operationInAddress(preloader);
            Matcher csrf = CSRF.matcher(preloader.body());
            assertTrue(csrf.find());
            browser.post("/cancel?op=" + op, Map.of("csrf", csrf.group(1)));
            assertEquals("cancelled", service.reasonOf(op));
        }
        Browser failing = service.newBrowser();
        Page end = failing.follow("/login/simulator?user=carol&outcome=token_error&auto=1");
        String op = LoginDriver.operationInAddress(end);
        Flows.awaitFinished(failing, op, 8000);
        assertEquals("token_error", service.reasonOf(op));
    }

    @AfterAll
    static void stop() {
        service.close();
        provider.close();
    }

    @Test
    void cancellations_are_counted_apart_and_left_out_of_the_error_rate() {
        String page = admin.get("/ops").body();
        String row = page.substring(page.indexOf("<tr data-provider=\"simulator\">"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertEquals("4", field(row, "logins"));
        assertEquals("1", field(row, "ok"));
        assertEquals("1", field(row, "errors"));
        assertEquals("2", field(row, "cancelled"));
        assertEquals("50.0 %", field(row, "error_rate"), "one failure out of two logins the provider decided");
        assertTrue(row.contains("token_error: 1"), row);
        assertFalse(row.contains("data-reason=\"cancelled\""), "a cancel is not an error reason here");
        String chart = page.substring(page.indexOf("<svg id=\"latency-chart\""), page.indexOf("</svg>", page.indexOf("<svg id=\"latency-chart\"")));
        assertEquals(2, chart.split("class=\"dot cancelled\"", -1).length - 1, "cancels drawn apart from errors");
        assertEquals(1, chart.split("class=\"dot error\"", -1).length - 1);
    }

    @Test
    void the_latency_histograms_write_a_dozen_buckets_per_series_from_50_ms_to_the_deadline() {
        PrometheusText metrics = PrometheusText.parse(admin.get("/metrics").body());
        long durationBuckets = metrics.samples.stream().filter(s -> s.name().equals("preloader_login_duration_seconds_bucket")
                && "simulator".equals(s.labels().get("provider")) && "ok".equals(s.labels().get("outcome"))).count();
        assertTrue(durationBuckets >= 10 && durationBuckets <= 16, "buckets of one series: " + durationBuckets);
        assertEquals(0.05, metrics.samples.stream().filter(s -> s.name().equals("preloader_login_duration_seconds_bucket"))
                .mapToDouble(s -> Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity"))).min().orElse(0));
        assertEquals(1, metrics.samples.stream().filter(s -> s.name().equals("preloader_login_duration_seconds_bucket")
                && "simulator".equals(s.labels().get("provider")) && "ok".equals(s.labels().get("outcome"))
                && s.labels().get("le").equals("30.0")).count(), "the last finite bound is the 30 s deadline");
        long allBuckets = metrics.samples.stream().filter(s -> s.name().endsWith("_bucket")
                && "simulator".equals(s.labels().get("provider"))).count();
        // One provider: total time by outcome (2 series) and four stages, about 13 lines each.
        assertTrue(allBuckets <= 6 * 16, "one provider adds tens of bucket lines, not hundreds: " + allBuckets);
    }

    private static String field(String row, String name) {
        Matcher m = Pattern.compile("data-field=\"" + name + "\">([^<]*)<").matcher(row);
        assertTrue(m.find(), name + " in " + row);
        return m.group(1).strip();
    }
}
