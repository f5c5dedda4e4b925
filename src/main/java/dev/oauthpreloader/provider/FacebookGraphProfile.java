package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.Token;
import org.pac4j.oauth.config.OAuthConfiguration;
import org.pac4j.oauth.profile.facebook.FacebookConfiguration;
import org.pac4j.oauth.profile.facebook.FacebookProfileDefinition;

/** pac4j's reading of the Graph API's /me, at our Graph URL and version rather than pac4j's fixed v2.8. */
final class FacebookGraphProfile extends FacebookProfileDefinition {

    private final String meUrl;

    FacebookGraphProfile(FacebookSettings settings) {
        this.meUrl = settings.graphUrl() + "/" + settings.apiVersion() + "/me";
    }

    @Override
    public String getProfileUrl(Token accessToken, OAuthConfiguration configuration) {
        // ScribeJava's FacebookService adds appsecret_proof when it signs the request.
        return meUrl + "?fields=" + ((FacebookConfiguration) configuration).getFields();
    }
}
