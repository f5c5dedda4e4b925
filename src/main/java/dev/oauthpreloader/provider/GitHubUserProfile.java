package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.Token;
import org.pac4j.core.profile.definition.CommonProfileDefinition;
import org.pac4j.oauth.config.OAuthConfiguration;
import org.pac4j.oauth.profile.JsonHelper;
import org.pac4j.oauth.profile.github.GitHubProfile;
import org.pac4j.oauth.profile.github.GitHubProfileDefinition;

/** pac4j's reading of GitHub's /user, at a configurable API host, keeping the public email too. */
final class GitHubUserProfile extends GitHubProfileDefinition {

    private final String apiUrl;

    GitHubUserProfile(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    @Override
    public String getProfileUrl(Token accessToken, OAuthConfiguration configuration) {
        return apiUrl + "/user";
    }

    @Override
    public GitHubProfile extractUserProfile(String body) {
        GitHubProfile profile = super.extractUserProfile(body);
        if (JsonHelper.getElement(JsonHelper.getFirstNode(body), "email") instanceof String email && !email.isBlank()) {
            profile.addAttribute(CommonProfileDefinition.EMAIL, email);
        }
        return profile;
    }

    String emailsUrl() {
        return apiUrl + "/user/emails";
    }
}
