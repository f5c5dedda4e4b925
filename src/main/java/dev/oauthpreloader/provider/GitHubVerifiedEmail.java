package dev.oauthpreloader.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Token;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuthService;
import java.util.Optional;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.profile.definition.CommonProfileDefinition;
import org.pac4j.oauth.config.OAuth20Configuration;
import org.pac4j.oauth.profile.creator.OAuth20ProfileCreator;

/**
 * GitHub's profile, then its /user/emails: GitHub's /user shows only the public email, often none,
 * and never says whether it is verified. The primary verified address from /user/emails fills a
 * missing email, and only an address that list marks verified counts as verified (the linking
 * rule depends on it). Both calls run in the worker, like every provider call.
 */
final class GitHubVerifiedEmail extends OAuth20ProfileCreator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GitHubUserProfile definition;

    GitHubVerifiedEmail(OAuth20Configuration configuration, IndirectClient client, GitHubUserProfile definition) {
        super(configuration, client);
        this.definition = definition;
    }

    @Override
    protected Optional<UserProfile> retrieveUserProfileFromToken(WebContext context, Token accessToken) {
        Optional<UserProfile> found = super.retrieveUserProfileFromToken(context, accessToken);
        found.ifPresent(profile -> addVerifiedEmail(context, accessToken, profile));
        return found;
    }

    private void addVerifiedEmail(WebContext context, Token accessToken, UserProfile profile) {
        JsonNode emails;
        try {
            OAuthService service = configuration.buildService(context, client);
            emails = JSON.readTree(sendRequestForData(service, accessToken, definition.emailsUrl(), Verb.GET));
        } catch (TechnicalException | java.io.IOException e) {
            // Without the user:email scope GitHub answers 404: keep the public email, unverified.
            logger.info("GitHub /user/emails unavailable: {}", e.getClass().getSimpleName());
            return;
        }
        String publicEmail = (String) profile.getAttribute(CommonProfileDefinition.EMAIL);
        for (JsonNode entry : emails) {
            String address = entry.path("email").asText(null);
            boolean verified = entry.path("verified").asBoolean(false);
            if (address == null || !verified) continue;
            if (publicEmail == null ? entry.path("primary").asBoolean(false) : publicEmail.equalsIgnoreCase(address)) {
                profile.addAttribute(CommonProfileDefinition.EMAIL, address);
                profile.addAttribute("email_verified", true);
                return;
            }
        }
    }

    @Override
    protected OAuthRequest createOAuthRequest(String url, Verb verb) {
        OAuthRequest request = super.createOAuthRequest(url, verb);
        request.addHeader("Accept", "application/vnd.github+json");
        request.addHeader("User-Agent", "oauth-preloader"); // GitHub refuses API calls without one
        return request;
    }
}
