package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Providers described by configuration alone, several at once: an OAuth 2.0 provider given only
 * its URLs, an OpenID Connect provider given only its discovery URL, and one given only its issuer.
 */
class GenericProvidersTest {

    static FakeProvider oauth2;
    static FakeOidcProvider byDiscovery;
    static FakeOidcProvider byIssuer;
    static RunningService service;

    @BeforeAll
    static void start() {
        oauth2 = new FakeProvider();
        byDiscovery = new FakeOidcProvider("");
        byIssuer = new FakeOidcProvider("/realms/staff");
        Map<String, String> env = new HashMap<>(oauth2.env("acme"));
        env.put("OIDC_PROVIDERS", "corp, staff");
        env.put("OIDC_CORP_CLIENT_ID", FakeOidcProvider.CLIENT_ID);
        env.put("OIDC_CORP_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET);
        env.put("OIDC_CORP_DISCOVERY_URL", byDiscovery.discoveryUrl());
        env.put("OIDC_CORP_LABEL", "Corp SSO");
        env.put("OIDC_STAFF_CLIENT_ID", FakeOidcProvider.CLIENT_ID);
        env.put("OIDC_STAFF_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET);
        env.put("OIDC_STAFF_ISSUER", byIssuer.issuerUrl());
        env.put("SIMULATOR_ENABLED", "false");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        oauth2.close();
        byDiscovery.close();
        byIssuer.close();
    }

    @Test
    void every_configured_provider_gets_a_button() {
        String index = service.newBrowser().get("/").body();
        assertTrue(index.contains("Log in with Acme"), index);
        assertTrue(index.contains("Log in with Corp SSO"), index);
        assertTrue(index.contains("Log in with Staff"), index);
    }

    @Test
    void oauth2_provider_configured_by_urls_logs_in_through_the_preloader() {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, "acme");
        String op = operationId(callback(browser, "acme", "code=c1&state=" + authorize.get("state")));
        assertOk(browser, op);
    }

    @Test
    void oidc_provider_configured_by_discovery_url_logs_in_through_the_preloader() {
        assertOidcLogin("corp", byDiscovery);
    }

    @Test
    void oidc_provider_configured_by_issuer_logs_in_through_the_preloader() {
        assertOidcLogin("staff", byIssuer);
    }

    @Test
    void the_same_subject_at_two_providers_makes_two_identities() {
        assertOidcLogin("corp", byDiscovery);
        assertOidcLogin("staff", byIssuer);
        assertEquals(2, service.count("SELECT COUNT(*) FROM identity WHERE provider_user_id = '110169484474386276334'"));
    }

    private void assertOidcLogin(String name, FakeOidcProvider provider) {
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, name);
        assertTrue(authorize.containsKey("nonce"));
        provider.expectNonce(authorize.get("nonce"));
        String op = operationId(callback(browser, name, "code=c2&state=" + authorize.get("state")));
        assertOk(browser, op);
    }

    private static void assertOk(Browser browser, String op) {
        Page finished = awaitFinished(browser, op, 8000);
        assertTrue(finished.body().contains("\"status\":\"ok\""), finished.body());
        Page home = browser.follow("/success?op=" + op);
        assertTrue(home.body().contains("Hi, Ada!"), home.body());
    }
}
