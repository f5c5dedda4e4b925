package dev.oauthpreloader.ops;

import static dev.oauthpreloader.support.FakeProvider.userinfoJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /ops is for the administrators ADMIN_EMAILS names, logged in with a provider that verified the address. */
class OpsAccessTest {

    static FakeProvider provider;
    static RunningService service;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        Map<String, String> env = new HashMap<>(provider.env("mock"));
        env.put("ADMIN_EMAILS", "Alice@Example.org, eve@example.org, alice@simulator.invalid");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        provider.close();
    }

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
        Browser eve = service.newBrowser();
        String op = Logins.throughProvider(eve, "mock");
        assertEquals(302, eve.get("/success?op=" + op).status());
        assertTrue(eve.get("/").body().contains("Hi, Eve!"));
        assertEquals(403, eve.get("/ops").status(), "anyone can type eve@example.org at a provider that does not check");
        provider.userinfo(() -> userinfoJson("42", "Ada", "Lovelace", "ada@example.org"));
    }

    @Test
    void an_administrator_with_a_verified_address_sees_the_page_whatever_the_case_of_the_configured_address() {
        Browser alice = asAlice();
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
        Browser alice = asAlice();
        assertEquals(200, alice.get("/ops").status());
        String csrf = alice.get("/").body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertEquals(302, alice.post("/logout", Map.of("csrf", csrf)).status());
        assertEquals(403, alice.get("/ops").status());
    }

    /** Alice, logged in through the mock provider, which verified her administrator address. */
    private static Browser asAlice() {
        provider.userinfo(() -> userinfoJson("alice-1", "Alice", "Admin", "alice@example.org"));
        Browser alice = service.newBrowser();
        String op = Logins.throughProvider(alice, "mock");
        assertEquals(302, alice.get("/success?op=" + op).status());
        provider.userinfo(() -> userinfoJson("42", "Ada", "Lovelace", "ada@example.org"));
        return alice;
    }
}
