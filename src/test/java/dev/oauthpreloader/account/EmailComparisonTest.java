package dev.oauthpreloader.account;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/**
 * Addresses are compared by ASCII case-folding only, in Java and in SQL alike: a look-alike such as
 * the Kelvin sign (U+212A, which Java's toLowerCase folds to "k") neither links to an account nor
 * opens /ops for the administrator whose address it imitates.
 */
class EmailComparisonTest {

    /** "Kate@corp.example" spelt with the Kelvin sign, as a JSON escape so the bytes on the wire are ASCII. */
    private static final String KELVIN_KATE_JSON = "\\u212Aate@corp.example";

    static FakeProvider alpha;
    static FakeProvider beta;
    static RunningService service;

    @BeforeAll
    static void start() {
        alpha = new FakeProvider();
        beta = new FakeProvider();
        Map<String, String> env = new HashMap<>(alpha.env("alpha"));
        env.putAll(beta.env("beta"));
        env.put("OAUTH2_PROVIDERS", "alpha,beta");
        env.put("OAUTH2_ALPHA_TRUST_EMAIL", "true");
        env.put("OAUTH2_BETA_TRUST_EMAIL", "true");
        env.put("SIMULATOR_ENABLED", "false");
        env.put("ADMIN_EMAILS", "kate@corp.example,lee@corp.example");
        service = RunningService.start(env);
    }

    @AfterAll
    static void stop() {
        service.close();
        alpha.close();
        beta.close();
    }

    @Test
    void a_verified_kelvin_sign_look_alike_of_an_administrator_address_does_not_open_ops() {
        Browser impostor = login(alpha, "alpha", verifiedUser("k-1", KELVIN_KATE_JSON));
        assertTrue(impostor.get("/").body().contains("Hi, Kate!"));
        assertEquals(403, impostor.get("/ops").status(), "\u212Aate@corp.example is not kate@corp.example");
    }

    @Test
    void a_verified_kelvin_sign_look_alike_does_not_link_to_the_account_it_imitates() {
        login(alpha, "alpha", verifiedUser("k-2", "kate@corp.example"));
        login(beta, "beta", verifiedUser("k-3", KELVIN_KATE_JSON));
        assertNotEquals(ownerOf("alpha", "k-2"), ownerOf("beta", "k-3"));
    }

    @Test
    void ascii_letters_still_compare_without_regard_to_case_for_linking_and_for_ops() {
        Browser lee = login(alpha, "alpha", verifiedUser("l-1", "Lee@Corp.Example"));
        login(beta, "beta", verifiedUser("l-2", "LEE@corp.example"));
        assertEquals(ownerOf("alpha", "l-1"), ownerOf("beta", "l-2"));
        assertEquals(200, lee.get("/ops").status());
    }

    private static MockResponse verifiedUser(String id, String emailJson) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"id":"%s","given_name":"Kate","family_name":"Test","email":"%s","email_verified":true}"""
                .formatted(id, emailJson));
    }

    private static Browser login(FakeProvider provider, String name, MockResponse userinfo) {
        provider.userinfo(() -> userinfo);
        Browser browser = service.newBrowser();
        Map<String, String> authorize = startLogin(browser, name);
        String op = operationId(callback(browser, name, "code=c&state=" + authorize.get("state")));
        Page finished = awaitFinished(browser, op, 8000);
        assertTrue(finished.body().contains("\"status\":\"ok\""), finished.body());
        assertEquals(302, browser.get("/success?op=" + op).status());
        return browser;
    }

    private static long ownerOf(String provider, String id) {
        return service.db().withHandle(h -> h.createQuery(
                        "SELECT user_profile_id FROM identity WHERE provider = :p AND provider_user_id = :id")
                .bind("p", provider).bind("id", id).mapTo(Long.class).one());
    }
}
