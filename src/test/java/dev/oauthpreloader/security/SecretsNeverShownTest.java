package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.Status;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log scraping: logins with known codes, tokens and secrets, good and bad, and then none of those
 * strings may appear in anything the service logged, in any error page, or in /get-status.
 */
class SecretsNeverShownTest {

    static final CapturedLog output = new CapturedLog();
    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("LOGIN_DEADLINE_SECONDS", "2")
            .closing(provider, output);

    /** Strings that must never be shown; filled by each scenario as it learns them. */
    final Set<String> secrets = new LinkedHashSet<>();
    /** Every page and status answer the scenario saw, but the home page. */
    final List<Page> answers = new ArrayList<>();
    LoginDriver person;
    Browser browser;

    @BeforeEach
    void knownSecrets() {
        person = service.newPerson();
        browser = person.browser;
        secrets.add(FakeProvider.CLIENT_SECRET);
        secrets.add(Base64.getEncoder().encodeToString((FakeProvider.CLIENT_ID + ":" + FakeProvider.CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8)));
        secrets.add(SimulatorRoutes.CLIENT_SECRET);
        secrets.add("at-secret-123");
    }

    @Test
    void a_good_login_and_logout_show_no_code_token_secret_or_session_id() {
        String op = login("at-secret-123");
        Page home = person.success(op);
        assertTrue(home.body().contains("Hi, Ada!"));
        String csrf = LoginDriver.csrf(home);
        secrets.add(csrf);
        learnCookies();
        browser.post("/logout", Map.of("csrf", csrf));
        learnCookies();
        assertNothingShown();
    }

    @Test
    void a_token_endpoint_that_echoes_the_code_and_secret_in_its_error_shows_neither() {
        String code = "code-" + Tokens.random();
        provider.token(() -> FakeProvider.status(400, "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"code " + code + " rejected for secret "
                        + FakeProvider.CLIENT_SECRET + "\"}"));
        try {
            String op = loginWithCode(code);
            assertEquals("provider_refused", service.reasonOf(op));
        } finally {
            resetProvider();
        }
        assertNothingShown();
    }

    @Test
    void a_token_endpoint_answering_500_with_the_token_in_its_page_shows_no_token() {
        String token = "tok-" + Tokens.random();
        secrets.add(token);
        provider.token(() -> FakeProvider.status(500, "text/html", "<html>access_token=" + token + "</html>"));
        try {
            assertEquals("token_error", service.reasonOf(login(token)));
        } finally {
            resetProvider();
        }
        assertNothingShown();
    }

    @Test
    void malformed_token_json_carrying_the_token_shows_no_token() {
        String token = "tok-" + Tokens.random();
        secrets.add(token);
        provider.token(() -> FakeProvider.status(200, "application/json", "{\"access_token\":\"" + token + "\",\"token_"));
        try {
            assertEquals("bad_response", service.reasonOf(login(token)));
        } finally {
            resetProvider();
        }
        assertNothingShown();
    }

    @Test
    void a_userinfo_error_echoing_the_bearer_token_shows_no_token() {
        String token = "tok-" + Tokens.random();
        secrets.add(token);
        provider.token(() -> FakeProvider.tokenJson(token));
        provider.userinfo(() -> FakeProvider.status(500, "application/json", "{\"error\":\"bad token " + token + "\"}"));
        try {
            assertEquals("profile_error", service.reasonOf(login(token)));
        } finally {
            resetProvider();
        }
        assertNothingShown();
    }

    @Test
    void a_provider_that_hangs_or_cuts_the_connection_shows_nothing_either() {
        provider.token(FakeProvider::hang);
        try {
            assertEquals("timeout", service.reasonOf(login("at-secret-123")));
        } finally {
            resetProvider();
        }
        provider.token(FakeProvider::reset);
        try {
            assertEquals("error", service.statusOf(login("at-secret-123")));
        } finally {
            resetProvider();
        }
        assertNothingShown();
    }

    @Test
    void refused_callbacks_show_neither_the_code_nor_the_state() {
        String code = "code-" + Tokens.random();
        secrets.add(code);
        String state = person.start("mock").get("state");
        secrets.add(state);
        answers.add(person.callback("mock", "code=" + code + "&state=forged-" + state));
        answers.add(person.callback("mock", "code=" + code + "&state=" + state + "&iss=https%3A%2F%2Fevil.example"));
        answers.add(person.callback("mock", "code=" + code + "&state=" + state + "&state=" + state));
        String denied = person.start("mock").get("state");
        secrets.add(denied);
        Page error = person.callback("mock", "error=access_denied&error_description=" + code + "&state=" + denied);
        answers.add(browser.follow(error.location()));
        answers.add(browser.getJson("/get-status"));
        learnCookies();
        assertNothingShown();
    }

    @Test
    void a_simulated_login_shows_no_simulator_code_or_secret() {
        Page toSimulator = browser.get("/login/simulator?user=alice&auto=1&outcome=bad_json");
        Page back = browser.get(toSimulator.location());
        secrets.add(back.locationParams().get("code"));
        secrets.add(back.locationParams().get("state"));
        Page preloader = browser.follow(back.location());
        String op = LoginDriver.operationInAddress(preloader);
        answers.add(browser.getJson("/get-status?op=" + op));
        assertEquals("bad_response", person.awaitFinished(op).reason());
        answers.add(browser.getJson("/get-status?op=" + op));
        answers.add(person.error(op));
        learnCookies();
        assertNothingShown();
    }

    @Test
    void the_capture_really_sees_the_service_log() {
        login("at-secret-123");
        assertTrue(output.text().contains("pending provider=mock"), "the service's own log lines are captured");
    }

    /** A full login, whose token endpoint answers {@code token} or what the test set; returns the finished operation. */
    private String login(String token) {
        secrets.add(token);
        return loginWithCode("code-" + Tokens.random());
    }

    private String loginWithCode(String code) {
        secrets.add(code);
        String state = person.start("mock").get("state");
        secrets.add(state);
        int before = provider.tokenRequests.size();
        Page callback = person.callback("mock", "code=" + code + "&state=" + state);
        answers.add(callback);
        String op = LoginDriver.operationId(callback);
        answers.add(browser.get("/preloader?op=" + op));
        Status finished = person.awaitFinished(op);
        answers.add(browser.getJson("/get-status?op=" + op));
        if (finished.isError()) answers.add(person.error(op));
        for (RecordedRequest request : provider.tokenRequests.subList(before, provider.tokenRequests.size())) {
            String verifier = Page.params(request.getBody().clone().readUtf8()).get("code_verifier");
            if (verifier != null) secrets.add(verifier);
        }
        learnCookies();
        return op;
    }

    private void learnCookies() {
        for (HttpCookie cookie : browser.cookies.getCookieStore().getCookies()) secrets.add(cookie.getValue());
    }

    private void resetProvider() {
        provider.resetAnswers();
    }

    private void assertNothingShown() {
        sleep(200); // let the worker's last log line land: nothing to wait for, a line that is absent
        String log = output.text();
        for (String secret : secrets) {
            assertTrue(secret.length() >= 8, "a meaningful secret: " + secret);
            assertFalse(log.contains(secret), "the log shows '" + secret + "'");
            for (Page answer : answers) {
                // The CSRF token belongs in its own hidden form field (the preloader's cancel form); nowhere else.
                String shown = answer.body().replaceAll("name=\"csrf\" value=\"[^\"]*\"", "");
                assertFalse(shown.contains(secret), "a " + answer.status() + " answer shows '" + secret + "': " + answer.body());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
