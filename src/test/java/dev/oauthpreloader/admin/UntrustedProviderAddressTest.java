package dev.oauthpreloader.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ServiceExtension;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generic provider is not trusted with email_verified unless its …_TRUST_EMAIL says so, and that
 * is asked when the address is used, not only when it was stored: a row an earlier version stored
 * as verified (it believed every provider) names no administrator and is not a verified address
 * for the applications behind /auth.
 */
class UntrustedProviderAddressTest {

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("ADMIN_EMAILS", "eve@example.org")
            .closing(provider);

    @Test
    void a_verified_address_stored_for_a_provider_not_trusted_now_opens_nothing() {
        provider.userinfo(() -> new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"id":"7","given_name":"Eve","email":"eve@example.org","email_verified":true}"""));
        LoginDriver eve = service.newPerson();
        String op = Logins.throughProvider(eve, "mock");
        assertEquals(302, eve.browser.get("/success?op=" + op).status());
        provider.resetAnswers();
        assertEquals(0, service.count("SELECT COUNT(*) FROM identity WHERE provider = 'mock' AND email_verified"),
                "stored as unverified: the provider is not trusted");
        assertEquals(403, eve.browser.get("/ops").status());
        assertEquals("false", eve.browser.get("/auth").header("X-Auth-Request-Email-Verified"));

        // As an earlier version, which believed every provider, would have stored it.
        service.db().useHandle(h -> h.execute("UPDATE identity SET email_verified = TRUE WHERE provider = 'mock'"));
        assertEquals(403, eve.browser.get("/ops").status(), "the row's flag alone makes no administrator");
        var auth = eve.browser.get("/auth");
        assertEquals(202, auth.status());
        assertTrue(auth.header("X-Auth-Request-Email").contains("eve@example.org"), auth.header("X-Auth-Request-Email"));
        assertEquals("false", auth.header("X-Auth-Request-Email-Verified"));
    }
}
