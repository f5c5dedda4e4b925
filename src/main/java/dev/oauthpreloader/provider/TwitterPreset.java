package dev.oauthpreloader.provider;

import com.github.scribejava.apis.TwitterApi;
import com.github.scribejava.core.model.Token;
import dev.oauthpreloader.config.Env;
import java.time.Duration;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oauth.client.TwitterClient;
import org.pac4j.oauth.config.OAuthConfiguration;
import org.pac4j.oauth.profile.twitter.TwitterProfile;
import org.pac4j.oauth.profile.twitter.TwitterProfileDefinition;

/**
 * Twitter (X), the special case: OAuth 1.0a through pac4j's TwitterClient. /login fetches a request
 * token (the one provider call that cannot wait for the worker: the redirect needs it) and keeps it
 * in the session; the callback must return that token with a verifier; the worker trades them for
 * an access token and reads account/verify_credentials with the email.
 *
 * @param apiKey TWITTER_API_KEY and {@code apiSecret} TWITTER_API_SECRET: the app's consumer key and secret
 * @param apiUrl TWITTER_API_URL, for tests
 * @param trustEmail TWITTER_TRUST_EMAIL, on by default: Twitter sends an address only once the person verified it
 */
public record TwitterPreset(String apiKey, String apiSecret, String apiUrl, boolean trustEmail) implements ProviderPreset {

    static final String NAME = "twitter";

    /** Null unless TWITTER_API_KEY or TWITTER_API_SECRET is set; then both must be. */
    static TwitterPreset read(Env env) {
        if (!env.anySet("TWITTER_API_KEY", "TWITTER_API_SECRET")) return null;
        return new TwitterPreset(
                env.read("TWITTER_API_KEY", "", Env::required),
                env.read("TWITTER_API_SECRET", "", Env::required),
                env.read("TWITTER_API_URL", "https://api.twitter.com", Env::baseEndpointUrl),
                env.read("TWITTER_TRUST_EMAIL", "true", Env::bool));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "Twitter";
    }

    @Override
    public String authorizationEndpoint() {
        return apiUrl + "/oauth/authenticate";
    }

    @Override
    public boolean offersFreshProfile() {
        return false;
    }

    @Override
    public IndirectClient newClient(Duration connectTimeout, Duration readTimeout) {
        TwitterClient client = new TwitterClient(apiKey, apiSecret, true);
        client.setName(NAME);
        return client;
    }

    /** TwitterClient's init sets api.twitter.com's API and profile reader; ours, at the configured host, replace them. */
    @Override
    public void afterInit(IndirectClient client) {
        ((TwitterClient) client).getConfiguration().setApi(new Endpoints(apiUrl));
        ((TwitterClient) client).getConfiguration().setProfileDefinition(new VerifyCredentials(apiUrl));
    }

    /** ScribeJava's Twitter OAuth 1.0a API ("Sign in with Twitter": /oauth/authenticate) at a configurable host. */
    private static final class Endpoints extends TwitterApi {
        private final String apiUrl;

        Endpoints(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        @Override
        public String getRequestTokenEndpoint() {
            return apiUrl + "/oauth/request_token";
        }

        @Override
        public String getAccessTokenEndpoint() {
            return apiUrl + "/oauth/access_token";
        }

        @Override
        public String getAuthorizationBaseUrl() {
            return apiUrl + "/oauth/authenticate";
        }
    }

    /**
     * account/verify_credentials asking for the email. Twitter returns one only when the app may ask
     * for it and the address is verified, so one that arrives counts as verified.
     */
    private static final class VerifyCredentials extends TwitterProfileDefinition {
        private final String apiUrl;

        VerifyCredentials(String apiUrl) {
            super(true);
            this.apiUrl = apiUrl;
        }

        @Override
        public String getProfileUrl(Token accessToken, OAuthConfiguration configuration) {
            return apiUrl + "/1.1/account/verify_credentials.json?include_email=true";
        }

        @Override
        public TwitterProfile extractUserProfile(String body) {
            TwitterProfile profile = super.extractUserProfile(body);
            if (profile.getEmail() != null && !profile.getEmail().isBlank()) profile.addAttribute("email_verified", true);
            return profile;
        }
    }
}
