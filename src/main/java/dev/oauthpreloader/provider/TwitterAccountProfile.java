package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.Token;
import org.pac4j.oauth.config.OAuthConfiguration;
import org.pac4j.oauth.profile.twitter.TwitterProfile;
import org.pac4j.oauth.profile.twitter.TwitterProfileDefinition;

/**
 * pac4j's reading of account/verify_credentials at a configurable host, asking for the email.
 * Twitter returns an email only when the app may ask for it and the address is verified ("null
 * will be returned if ... the email address is not verified"), so one that arrives is verified.
 */
final class TwitterAccountProfile extends TwitterProfileDefinition {

    private final String apiUrl;

    TwitterAccountProfile(String apiUrl) {
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
