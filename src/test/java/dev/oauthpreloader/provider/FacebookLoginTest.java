package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.ScriptedProvider.json;
import static dev.oauthpreloader.support.ScriptedProvider.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.ScriptedProvider;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pac4j's FacebookClient against MockWebServer answering with the Graph API's token and me?fields=… shapes. */
class FacebookLoginTest {

    static final String APP_SECRET = "facebook-app-secret-do-not-log";
    static final String ACCESS_TOKEN = "EAAGm0PX4ZCpsBAtestTOKEN";
    static final ScriptedProvider facebook = new ScriptedProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of(
                    "FACEBOOK_APP_ID", "1234567890123456",
                    "FACEBOOK_APP_SECRET", APP_SECRET,
                    "FACEBOOK_DIALOG_URL", facebook.url() + "/www",
                    "FACEBOOK_GRAPH_URL", facebook.url() + "/graph",
                    "LOGIN_DEADLINE_SECONDS", "5"))
            .closing(facebook);
    LoginDriver person;
    Browser browser;

    @BeforeEach
    void script() {
        person = service.newPerson();
        browser = person.browser;
        facebook.on("/graph/v23.0/oauth/access_token", r -> json("""
                {"access_token":"%s","token_type":"bearer","expires_in":5183944}""".formatted(ACCESS_TOKEN)));
        facebook.on("/graph/v23.0/me", r -> json("""
                {"id":"10224000000000001","name":"Ada Lovelace","first_name":"Ada","last_name":"Lovelace","email":"ada@example.org"}"""));
    }

    @Test
    void login_redirects_to_the_facebook_dialog_with_state() {
        Page login = browser.get("/login/facebook");
        assertTrue(login.location().startsWith(facebook.url() + "/www/v23.0/dialog/oauth?"), login.location());
        Map<String, String> params = login.locationParams();
        assertEquals("1234567890123456", params.get("client_id"));
        assertEquals("public_profile,email", params.get("scope"));
        assertTrue(params.get("state").length() >= 43);
    }

    @Test
    void the_graph_profile_logs_the_person_in_with_an_unverified_email() {
        Map<String, String> authorize = person.start("facebook");
        String op = LoginDriver.operationId(person.callback("facebook", "code=AQD-test-code&state=" + authorize.get("state") + "#_=_"));
        person.awaitOk(op);
        assertTrue(person.success(op).body().contains("Hi, Ada!"));

        RecordedRequest me = facebook.requestsTo("/graph/v23.0/me").get(0);
        assertEquals("id,name,first_name,last_name,email", me.getRequestUrl().queryParameter("fields"));
        assertEquals(hmacSha256Hex(APP_SECRET, ACCESS_TOKEN), me.getRequestUrl().queryParameter("appsecret_proof"));
        RecordedRequest token = facebook.requestsTo("/graph/v23.0/oauth/access_token").get(0);
        assertEquals(APP_SECRET, token.getRequestUrl().queryParameter("client_secret"));
        assertEquals(service.baseUrl() + "/callback/facebook", token.getRequestUrl().queryParameter("redirect_uri"));
        // Facebook does not say whether the address is confirmed, so it never counts as verified.
        assertEquals(1, service.count("""
                SELECT COUNT(*) FROM identity WHERE provider = 'facebook' AND provider_user_id = '10224000000000001'
                AND email = 'ada@example.org' AND email_verified = FALSE"""));
    }

    @Test
    void user_denied_at_facebook_ends_on_the_cancelled_page() {
        Map<String, String> authorize = person.start("facebook");
        Page callback = person.callback("facebook", "error=access_denied&error_code=200"
                + "&error_description=Permissions+error&error_reason=user_denied&state=" + authorize.get("state"));
        Page error = browser.follow(callback.location());
        assertTrue(error.body().contains("Login cancelled"), error.body());
    }

    @Test
    void an_expired_graph_token_ends_as_refused_by_the_provider() {
        facebook.on("/graph/v23.0/me", r -> status(400, """
                {"error":{"message":"Error validating access token","type":"OAuthException","code":190,"fbtrace_id":"A1"}}"""));
        String op = person.returnWithCode("facebook", "c");
        person.awaitError(op, "provider_refused");
        assertEquals("provider_refused", service.reasonOf(op));
    }

    static String hmacSha256Hex(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
