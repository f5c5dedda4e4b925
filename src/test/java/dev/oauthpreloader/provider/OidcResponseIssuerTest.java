package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9207 for OpenID Connect: the issuer in {@code iss} is the discovery document's; a wrong one is
 * refused from any provider, a missing one from a provider whose discovery promises to send it.
 */
class OidcResponseIssuerTest {

    static final String WRONG_ISSUER = "names a different provider";
    static final String MISSING_ISSUER = "does not say which provider";
    static FakeOidcProvider promising;
    static FakeOidcProvider silent;
    static RunningService service;

    @BeforeAll
    static void start() {
        promising = new FakeOidcProvider("/realms/promising");
        promising.discovery("authorization_response_iss_parameter_supported", true);
        silent = new FakeOidcProvider("/realms/silent");
        Map<String, String> env = new HashMap<>();
        env.put("OIDC_PROVIDERS", "promising,silent");
        for (var p : Map.of("PROMISING", promising, "SILENT", silent).entrySet()) {
            env.put("OIDC_" + p.getKey() + "_CLIENT_ID", FakeOidcProvider.CLIENT_ID);
            env.put("OIDC_" + p.getKey() + "_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET);
            env.put("OIDC_" + p.getKey() + "_ISSUER", p.getValue().issuerUrl());
        }
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        promising.close();
        silent.close();
    }

    @Test
    void a_callback_without_iss_from_a_provider_that_promises_it_is_refused_with_a_clear_400() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "promising");
        assertRefused(browser, MISSING_ISSUER, callback(browser, "promising", "code=c&state=" + authorize.get("state")));
    }

    @Test
    void an_error_answer_without_iss_from_a_provider_that_promises_it_is_refused_too() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "promising");
        assertRefused(browser, MISSING_ISSUER,
                callback(browser, "promising", "error=access_denied&state=" + authorize.get("state")));
    }

    @Test
    void a_callback_with_another_iss_is_refused_even_from_a_provider_that_does_not_promise_iss() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "silent");
        assertRefused(browser, WRONG_ISSUER,
                callback(browser, "silent", "code=c&state=" + authorize.get("state") + "&iss=" + encoded(promising.issuer())));
    }

    @Test
    void a_callback_with_another_iss_is_refused_from_a_provider_that_promises_iss() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "promising");
        assertRefused(browser, WRONG_ISSUER,
                callback(browser, "promising", "code=c&state=" + authorize.get("state") + "&iss=" + encoded(silent.issuer())));
    }

    @Test
    void a_callback_with_the_discovered_iss_logs_in() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "promising");
        promising.expectNonce(authorize.get("nonce"));
        String op = operationId(callback(browser, "promising",
                "code=c&state=" + authorize.get("state") + "&iss=" + encoded(promising.issuer())));
        assertTrue(awaitFinished(browser, op, 8000).body().contains("\"status\":\"ok\""));
    }

    @Test
    void a_callback_without_iss_from_a_provider_that_does_not_promise_it_logs_in() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "silent");
        silent.expectNonce(authorize.get("nonce"));
        String op = operationId(callback(browser, "silent", "code=c&state=" + authorize.get("state")));
        assertTrue(awaitFinished(browser, op, 8000).body().contains("\"status\":\"ok\""));
    }

    private static void assertRefused(Browser browser, String sentence, Page callback) {
        assertEquals(400, callback.status(), callback.body());
        assertTrue(callback.body().contains(sentence), callback.body());
        assertFalse(callback.body().contains("Exception"));
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
