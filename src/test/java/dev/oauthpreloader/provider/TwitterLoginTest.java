package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.ScriptedProvider.form;
import static dev.oauthpreloader.support.ScriptedProvider.json;
import static dev.oauthpreloader.support.ScriptedProvider.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.OAuth1Signature;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.ScriptedProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pac4j's TwitterClient (OAuth 1.0a) against MockWebServer answering with Twitter's request_token,
 * access_token and verify_credentials shapes, refusing any request whose HMAC-SHA1 signature is wrong.
 */
class TwitterLoginTest {

    static final String CONSUMER_KEY = "cChZNFj6T5R0TigYB9yd1w";
    static final String CONSUMER_SECRET = "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg-do-not-log";
    static final String REQUEST_TOKEN = "NPcudxy0yU5T3tBzho7iCotZ3cnetKwcTIRlX0iwRl0";
    static final String REQUEST_SECRET = "veNRnAWe6inFuo8o2u8SLLZLjolYDmDP7SzL0YfYI";
    static final String ACCESS_TOKEN = "7588892-kagSNqWge8gB1WwE3plnFsJHAZVfxWD7Vb57p0b4";
    static final String ACCESS_SECRET = "PbKfYqSryyeKDWz4ebtY3o5ogNLG11WJuZBc9fQrQo";
    static final String VERIFIER = "uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY";

    static final ScriptedProvider twitter = new ScriptedProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of(
                    "TWITTER_API_KEY", CONSUMER_KEY,
                    "TWITTER_API_SECRET", CONSUMER_SECRET,
                    "TWITTER_API_URL", twitter.url(),
                    "LOGIN_DEADLINE_SECONDS", "5"))
            .closing(twitter);
    static final List<String> badSignatures = new CopyOnWriteArrayList<>();
    LoginDriver person;
    Browser browser;

    @BeforeEach
    void script() {
        person = service.newPerson();
        browser = person.browser;
        badSignatures.clear();
        twitter.on("/oauth/request_token", r -> signed(r, null, () -> form(
                "oauth_token=" + REQUEST_TOKEN + "&oauth_token_secret=" + REQUEST_SECRET + "&oauth_callback_confirmed=true")));
        twitter.on("/oauth/access_token", r -> signed(r, REQUEST_SECRET, () -> form(
                "oauth_token=" + ACCESS_TOKEN + "&oauth_token_secret=" + ACCESS_SECRET + "&user_id=7588892&screen_name=ada_l")));
        twitter.on("/1.1/account/verify_credentials.json", r -> signed(r, ACCESS_SECRET, () -> json("""
                {"id":7588892,"id_str":"7588892","name":"Ada Lovelace","screen_name":"ada_l","location":"London",
                 "description":"","url":null,"protected":false,"followers_count":1815,"friends_count":18,
                 "created_at":"Wed Jul 11 21:09:01 +0000 2007","verified":false,"statuses_count":42,
                 "email":"ada@example.org"}""")));
    }

    private static MockResponse signed(RecordedRequest request, String tokenSecret, java.util.function.Supplier<MockResponse> ok) {
        if (OAuth1Signature.isValid(request, CONSUMER_SECRET, tokenSecret)) return ok.get();
        badSignatures.add(request.getPath());
        return status(401, "{\"errors\":[{\"code\":32,\"message\":\"Could not authenticate you.\"}]}");
    }

    @Test
    void login_gets_a_signed_request_token_and_redirects_to_authenticate() {
        Page login = browser.get("/login/twitter");
        assertEquals(302, login.status());
        assertTrue(login.location().startsWith(twitter.url() + "/oauth/authenticate?oauth_token=" + REQUEST_TOKEN), login.location());
        RecordedRequest requestToken = twitter.requestsTo("/oauth/request_token").get(0);
        assertEquals(service.baseUrl() + "/callback/twitter", OAuth1Signature.authorization(requestToken).get("oauth_callback"));
        assertEquals(List.of(), badSignatures);
    }

    @Test
    void the_returned_token_and_verifier_log_the_person_in_through_the_preloader() {
        browser.get("/login/twitter");
        int before = twitter.requestsTo("/oauth/access_token").size();
        Page callback = person.callback("twitter", "oauth_token=" + REQUEST_TOKEN + "&oauth_verifier=" + VERIFIER);
        String op = LoginDriver.operationId(callback);
        person.awaitOk(op);
        assertTrue(person.success(op).body().contains("Hi, Ada!"));

        Map<String, String> exchange = OAuth1Signature.authorization(twitter.requestsTo("/oauth/access_token").get(before));
        assertEquals(REQUEST_TOKEN, exchange.get("oauth_token"));
        assertEquals(VERIFIER, exchange.get("oauth_verifier"));
        assertEquals(List.of(), badSignatures, "every call was signed correctly");
        assertEquals(1, service.count("""
                SELECT COUNT(*) FROM identity WHERE provider = 'twitter' AND provider_user_id = '7588892'
                AND email = 'ada@example.org' AND email_verified = TRUE"""));
    }

    @Test
    void a_token_other_than_the_one_issued_is_refused_on_the_request_thread() {
        browser.get("/login/twitter");
        int exchanges = twitter.requestsTo("/oauth/access_token").size();
        Page callback = person.callback("twitter", "oauth_token=someone-elses-token&oauth_verifier=" + VERIFIER);
        assertEquals(400, callback.status());
        assertEquals(exchanges, twitter.requestsTo("/oauth/access_token").size(), "nothing was sent to Twitter");
    }

    @Test
    void a_callback_without_a_login_started_in_this_browser_is_refused() {
        Page callback = person.callback("twitter", "oauth_token=" + REQUEST_TOKEN + "&oauth_verifier=" + VERIFIER);
        assertEquals(400, callback.status());
    }

    @Test
    void a_callback_without_verifier_is_refused() {
        browser.get("/login/twitter");
        Page callback = person.callback("twitter", "oauth_token=" + REQUEST_TOKEN);
        assertEquals(400, callback.status());
    }

    @Test
    void denied_at_twitter_ends_on_the_cancelled_page() {
        browser.get("/login/twitter");
        Page callback = person.callback("twitter", "denied=" + REQUEST_TOKEN);
        Page error = browser.follow(callback.location());
        assertTrue(error.body().contains("Login cancelled"), error.body());
    }

    @Test
    void twitter_unreachable_at_login_gives_a_clear_page_not_a_500() {
        twitter.on("/oauth/request_token", r -> status(503, "{}"));
        Page login = browser.get("/login/twitter");
        assertEquals(503, login.status());
        assertTrue(login.body().contains("could not reach Twitter"), login.body());
    }
}
