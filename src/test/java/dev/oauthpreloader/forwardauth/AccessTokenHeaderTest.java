package dev.oauthpreloader.forwardauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FORWARD_AUTH_PASS_ACCESS_TOKEN=true: /auth carries the access token kept for the identity the
 * session logged in with, and it is the provider's real one: the simulator's userinfo accepts it.
 */
class AccessTokenHeaderTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of("SIMULATOR_ENABLED", "true",
            "FORWARD_AUTH_PASS_ACCESS_TOKEN", "true"));

    @Test
    void a_logged_in_session_gets_its_kept_access_token_which_the_provider_accepts() throws Exception {
        LoginDriver person = service.newPerson();
        person.simulatorLoginToHome("user=tess&auto=1");
        Page auth = person.browser.get("/auth");
        assertEquals(202, auth.status());
        String token = auth.header(ForwardAuthController.ACCESS_TOKEN);
        assertNotNull(token, "the kept token is passed on request");
        HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/simulator/userinfo")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertTrue(userinfo.body().contains("tess"), userinfo.body());

        // Marked as needing a new login (a refused refresh), the token is no longer handed out.
        service.db().useHandle(h -> h.execute("UPDATE identity_token SET needs_login = TRUE"));
        Page after = person.browser.get("/auth");
        assertEquals(202, after.status());
        assertNull(after.header(ForwardAuthController.ACCESS_TOKEN));
    }
}
