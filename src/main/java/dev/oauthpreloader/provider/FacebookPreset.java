package dev.oauthpreloader.provider;

import com.github.scribejava.apis.FacebookApi;
import com.github.scribejava.core.model.Token;
import dev.oauthpreloader.config.Env;
import java.time.Duration;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.profile.creator.ProfileCreator;
import org.pac4j.oauth.client.FacebookClient;
import org.pac4j.oauth.config.OAuthConfiguration;
import org.pac4j.oauth.profile.facebook.FacebookConfiguration;
import org.pac4j.oauth.profile.facebook.FacebookProfile;
import org.pac4j.oauth.profile.facebook.FacebookProfileDefinition;

/**
 * Facebook, all of it: pac4j's FacebookClient asking only for what an account needs, its quirks
 * being the Graph API version in every URL (Facebook retires old ones) and {@code appsecret_proof}
 * on every Graph call (ScribeJava's FacebookService adds it when it signs the request).
 *
 * @param apiVersion FACEBOOK_API_VERSION, such as v23.0
 * @param dialogUrl  FACEBOOK_DIALOG_URL and {@code graphUrl} FACEBOOK_GRAPH_URL exist to point the client at a test server
 * @param trustEmail FACEBOOK_TRUST_EMAIL, off by default: Facebook never says whether an address is
 *                   confirmed, so trusting it means counting every address it sends as verified
 */
public record FacebookPreset(String appId, String appSecret, String apiVersion, String dialogUrl, String graphUrl,
                             boolean trustEmail) implements ProviderPreset {

    static final String NAME = "facebook";
    static final String SCOPE = "public_profile,email";
    static final String FIELDS = "id,name,first_name,last_name,email";

    /** Null unless FACEBOOK_APP_ID or FACEBOOK_APP_SECRET is set; then both must be. */
    static FacebookPreset read(Env env) {
        if (!env.anySet("FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET")) return null;
        return new FacebookPreset(
                env.read("FACEBOOK_APP_ID", "", Env::required),
                env.read("FACEBOOK_APP_SECRET", "", Env::required),
                env.read("FACEBOOK_API_VERSION", "v23.0", v -> {
                    if (!v.matches("v[0-9]{1,3}\\.[0-9]{1,3}")) throw new IllegalArgumentException("must look like v23.0");
                    return v;
                }),
                env.read("FACEBOOK_DIALOG_URL", "https://www.facebook.com", Env::baseEndpointUrl),
                env.read("FACEBOOK_GRAPH_URL", "https://graph.facebook.com", Env::baseEndpointUrl),
                env.read("FACEBOOK_TRUST_EMAIL", "false", Env::bool));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "Facebook";
    }

    @Override
    public String authorizationEndpoint() {
        return dialogUrl + "/" + apiVersion + "/dialog/oauth";
    }

    @Override
    public boolean offersFreshProfile() {
        return false;
    }

    @Override
    public IndirectClient newClient(Duration connectTimeout, Duration readTimeout) {
        FacebookClient client = new FacebookClient(appId, appSecret);
        client.setName(NAME);
        client.setScope(SCOPE);
        client.setFields(FIELDS);
        return client;
    }

    /** FacebookClient's init sets its fixed-version API and /me reader; ours, at our Graph URL and version, replace them. */
    /** pac4j's own Facebook reader: it signs each request with appsecret_proof. */
    @Override
    public ProfileCreator profileCreator(ReusedOAuth20Service services, IndirectClient client) {
        return null;
    }

    @Override
    public void afterInit(IndirectClient client) {
        ((FacebookClient) client).getConfiguration().setApi(new Endpoints(this));
        ((FacebookClient) client).getConfiguration().setProfileDefinition(new MeEndpoint(graphUrl + "/" + apiVersion + "/me", trustEmail));
    }

    /** ScribeJava's Facebook API (its token format, secret in the request, appsecret_proof) at configurable URLs. */
    private static final class Endpoints extends FacebookApi {
        private final FacebookPreset preset;

        Endpoints(FacebookPreset preset) {
            super(preset.apiVersion.substring(1));
            this.preset = preset;
        }

        @Override
        public String getAccessTokenEndpoint() {
            return preset.graphUrl + "/" + preset.apiVersion + "/oauth/access_token";
        }

        @Override
        public String getRefreshTokenEndpoint() {
            throw new IllegalStateException("Facebook issues no refresh tokens, so there is no endpoint to refresh one");
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return preset.dialogUrl + "/" + preset.apiVersion + "/dialog/oauth";
        }
    }

    /**
     * pac4j's reading of the Graph API's /me, at our Graph URL and version rather than pac4j's fixed
     * v2.8; with FACEBOOK_TRUST_EMAIL, the address it sends counts as verified (it has no flag to say).
     */
    private static final class MeEndpoint extends FacebookProfileDefinition {
        private final String meUrl;
        private final boolean trustEmail;

        MeEndpoint(String meUrl, boolean trustEmail) {
            this.meUrl = meUrl;
            this.trustEmail = trustEmail;
        }

        @Override
        public FacebookProfile extractUserProfile(String body) {
            FacebookProfile profile = super.extractUserProfile(body);
            if (trustEmail && profile.getEmail() != null && !profile.getEmail().isBlank()) profile.addAttribute("email_verified", true);
            return profile;
        }

        @Override
        public String getProfileUrl(Token accessToken, OAuthConfiguration configuration) {
            return meUrl + "?fields=" + ((FacebookConfiguration) configuration).getFields();
        }
    }
}
