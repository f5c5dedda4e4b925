package dev.oauthpreloader.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /ops is for the administrators ADMIN_EMAILS names, logged in with a provider that verified the address. */
class OpsAccessTest {

    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
            .env("OAUTH2_MOCK_TRUST_EMAIL", "true")
            .env("ADMIN_EMAILS", "Alice@Example.org, eve@example.org, alice@simulator.invalid")
            .closing(provider);

    @Test
    void a_visitor_who_is_not_logged_in_gets_a_403_page() {
        Page ops = service.newBrowser().get("/ops");
        assertEquals(403, ops.status());
        assertTrue(ops.body().contains("for administrators"), ops.body());
        assertTrue(ops.header("Content-Type").startsWith("text/html"));
        assertFalse(ops.body().contains("data-op="), "no operation leaks into the refusal");
    }

    @Test
    void a_logged_in_person_who_is_not_an_administrator_gets_a_403_page() {
        Browser bob = Logins.asSimulatorUser(service, "bob");
        assertTrue(bob.get("/").body().contains("Hi, Bob!"));
        Page ops = bob.get("/ops");
        assertEquals(403, ops.status());
        assertTrue(ops.body().contains("not one of them"), ops.body());
    }

    @Test
    void an_administrator_address_the_provider_did_not_verify_gets_a_403_page() {
        provider.userinfo(() -> new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"id":"7","given_name":"Eve","email":"eve@example.org","email_verified":false}"""));
        LoginDriver eve = service.newPerson();
        String op = Logins.throughProvider(eve, "mock");
        assertEquals(302, eve.browser.get("/success?op=" + op).status());
        assertTrue(eve.browser.get("/").body().contains("Hi, Eve!"));
        assertEquals(403, eve.browser.get("/ops").status(), "anyone can type eve@example.org at a provider that does not check");
        provider.resetAnswers();
    }

    @Test
    void an_administrator_with_a_verified_address_sees_the_page_whatever_the_case_of_the_configured_address() {
        Browser alice = asAlice().browser;
        Page ops = alice.get("/ops");
        assertEquals(200, ops.status(), ops.body());
        assertTrue(ops.body().contains("<h1>Operations</h1>"));
        assertTrue(ops.body().contains("<tr data-provider=\"mock\">"), "her own login is on it");
    }

    @Test
    void a_simulator_identity_never_opens_ops_whatever_admin_emails_says() {
        Browser alice = Logins.asSimulatorUser(service, "alice");
        assertEquals(403, alice.get("/ops").status(), "the simulator vouches for whatever the visitor typed");
    }

    @Test
    void logging_out_takes_the_page_away_again() {
        LoginDriver alice = asAlice();
        assertEquals(200, alice.browser.get("/ops").status());
        assertEquals(302, alice.logout().status());
        assertEquals(403, alice.browser.get("/ops").status());
    }

    /** Alice, logged in through the mock provider, which verified her administrator address. */
    private static LoginDriver asAlice() {
        provider.userinfo(() -> FakeProvider.userinfoJson("alice-1", "Alice", "Admin", "alice@example.org"));
        LoginDriver alice = service.newPerson();
        assertEquals(302, alice.browser.get("/success?op=" + Logins.throughProvider(alice, "mock")).status());
        provider.resetAnswers();
        return alice;
    }
}
