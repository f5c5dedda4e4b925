package dev.oauthpreloader.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceUnderTest;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;

/** Logins and connects through generic fake providers, for the tests of accounts and their identities. */
final class AccountFlows {

    private final ServiceUnderTest service;

    AccountFlows(ServiceUnderTest service) {
        this.service = service;
    }

    static MockResponse user(String id, String first, String email, boolean verified) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"id":"%s","given_name":"%s","family_name":"Test",%s"email_verified":%s}"""
                .formatted(id, first, email == null ? "" : "\"email\":\"" + email + "\",", verified));
    }

    void login(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        finishOk(browser, name, new LoginDriver(browser).start(name));
    }

    void connect(Browser browser, FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        finishOk(browser, name, startConnect(browser, name));
    }

    Map<String, String> startConnect(Browser browser, String name) {
        Page redirect = browser.post("/connect/" + name, Map.of("csrf", csrf(browser)));
        assertEquals(302, redirect.status(), redirect.body());
        return redirect.locationParams();
    }

    void finishOk(Browser browser, String name, Map<String, String> authorize) {
        LoginDriver person = new LoginDriver(browser);
        String op = LoginDriver.operationId(person.callback(name, "code=c&state=" + authorize.get("state")));
        person.awaitOk(op);
        assertEquals(200, person.success(op).status());
    }

    /** The index page's CSRF token, which its buttons post. */
    static String csrf(Browser browser) {
        return new LoginDriver(browser).csrf();
    }

    long ownerOf(String provider, String id) {
        return service.db().withHandle(h -> h.createQuery(
                        "SELECT user_profile_id FROM identity WHERE provider = :p AND provider_user_id = :id")
                .bind("p", provider).bind("id", id).mapTo(Long.class).one());
    }

    long identityId(String provider, String id) {
        return service.db().withHandle(h -> h.createQuery("SELECT id FROM identity WHERE provider = :p AND provider_user_id = :id")
                .bind("p", provider).bind("id", id).mapTo(Long.class).one());
    }
}
