package dev.oauthpreloader.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ServiceExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Providers described by configuration alone, several at once: an OAuth 2.0 provider given only
 * its URLs, an OpenID Connect provider given only its discovery URL, and one given only its issuer
 * (the one of the three whose verified addresses are trusted).
 */
class GenericProvidersTest {

    static final FakeProvider oauth2 = new FakeProvider();
    static final FakeOidcProvider byDiscovery = new FakeOidcProvider("");
    static final FakeOidcProvider byIssuer = new FakeOidcProvider("/realms/staff");
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(oauth2.env("acme"))
            .env("OIDC_PROVIDERS", "corp, staff")
            .env("OIDC_CORP_CLIENT_ID", FakeOidcProvider.CLIENT_ID)
            .env("OIDC_CORP_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET)
            .env("OIDC_CORP_DISCOVERY_URL", byDiscovery.discoveryUrl())
            .env("OIDC_CORP_LABEL", "Corp SSO")
            .env("OIDC_STAFF_CLIENT_ID", FakeOidcProvider.CLIENT_ID)
            .env("OIDC_STAFF_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET)
            .env("OIDC_STAFF_ISSUER", byIssuer.issuerUrl())
            .env("OIDC_STAFF_TRUST_EMAIL", "true")
            .env("SIMULATOR_ENABLED", "false")
            .closing(oauth2, byDiscovery, byIssuer);

    @Test
    void every_configured_provider_gets_a_button() {
        String index = service.newBrowser().get("/").body();
        assertTrue(index.contains("Log in with Acme"), index);
        assertTrue(index.contains("Log in with Corp SSO"), index);
        assertTrue(index.contains("Log in with Staff"), index);
    }

    @Test
    void oauth2_provider_configured_by_urls_logs_in_through_the_preloader() {
        LoginDriver person = service.newPerson();
        assertOk(person, person.returnWithCode("acme", "c1"));
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

    @Test
    void a_generic_providers_email_verified_claim_counts_only_where_its_trust_email_is_on() {
        assertOidcLogin("corp", byDiscovery);
        assertOidcLogin("staff", byIssuer);
        // Both providers' userinfo says "email_verified": true; only staff is trusted to mean it.
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'corp' AND email_verified = TRUE"));
        assertTrue(service.count("SELECT COUNT(*) FROM identity WHERE provider = 'staff' AND email = 'ada@example.org'"
                + " AND email_verified = TRUE") > 0);
        assertEquals(0, service.count("""
                SELECT COUNT(*) FROM identity corp JOIN identity staff ON staff.user_profile_id = corp.user_profile_id
                WHERE corp.provider = 'corp' AND staff.provider = 'staff'"""), "an untrusted address links no account");
    }

    private void assertOidcLogin(String name, FakeOidcProvider provider) {
        LoginDriver person = service.newPerson();
        Map<String, String> authorize = person.start(name);
        assertTrue(authorize.containsKey("nonce"));
        provider.expectNonce(authorize.get("nonce"));
        String op = LoginDriver.operationId(person.callback(name, "code=c2&state=" + authorize.get("state")));
        assertOk(person, op);
    }

    private static void assertOk(LoginDriver person, String op) {
        person.awaitOk(op);
        Page home = person.success(op);
        assertTrue(home.body().contains("Hi, Ada!"), home.body());
    }
}
