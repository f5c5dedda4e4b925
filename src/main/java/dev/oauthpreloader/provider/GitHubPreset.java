package dev.oauthpreloader.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.scribejava.apis.GitHubApi;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Token;
import com.github.scribejava.core.model.Verb;
import dev.oauthpreloader.config.Env;
import java.time.Duration;
import java.util.Optional;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.profile.creator.ProfileCreator;
import org.pac4j.core.profile.definition.CommonProfileDefinition;
import org.pac4j.oauth.client.GitHubClient;
import org.pac4j.oauth.config.OAuthConfiguration;
import org.pac4j.oauth.profile.JsonHelper;
import org.pac4j.oauth.profile.github.GitHubProfile;
import org.pac4j.oauth.profile.github.GitHubProfileDefinition;

/**
 * GitHub, all of it: pac4j's GitHubClient at github.com or a GitHub Enterprise Server, scope
 * {@code read:user user:email}, and its one real quirk: /user shows only the public email, often
 * none, and never says whether it is verified, so /user/emails is read too.
 *
 * @param webUrl GITHUB_URL: where /login/oauth/authorize and /login/oauth/access_token live
 * @param apiUrl GITHUB_API_URL: where /user and /user/emails live (on GHES, https://HOST/api/v3)
 * @param trustEmail GITHUB_TRUST_EMAIL, on by default: /user/emails says which addresses GitHub verified
 */
public record GitHubPreset(String clientId, String clientSecret, String webUrl, String apiUrl, boolean trustEmail)
        implements ProviderPreset {

    static final String NAME = "github";
    /** Read the profile and the email addresses; nothing that writes. pac4j's default "user" may write the profile. */
    static final String SCOPE = "read:user user:email";

    /** Null unless GITHUB_CLIENT_ID or GITHUB_CLIENT_SECRET is set; then both must be. */
    static GitHubPreset read(Env env) {
        if (!env.anySet("GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET")) return null;
        return new GitHubPreset(
                env.read("GITHUB_CLIENT_ID", "", Env::required),
                env.read("GITHUB_CLIENT_SECRET", "", Env::required),
                env.read("GITHUB_URL", "https://github.com", Env::baseEndpointUrl),
                env.read("GITHUB_API_URL", "https://api.github.com", Env::baseEndpointUrl),
                env.read("GITHUB_TRUST_EMAIL", "true", Env::bool));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "GitHub";
    }

    @Override
    public String authorizationEndpoint() {
        return webUrl + "/login/oauth/authorize";
    }

    @Override
    public IndirectClient newClient(Duration connectTimeout, Duration readTimeout) {
        GitHubClient client = new GitHubClient(clientId, clientSecret);
        client.setName(NAME);
        client.setScope(SCOPE);
        return client;
    }

    @Override
    public ProfileCreator profileCreator(ReusedOAuth20Service services, IndirectClient client) {
        return new WithVerifiedEmail(services, client, apiUrl + "/user/emails");
    }

    /** GitHubClient's init sets github.com's API and /user reader; ours, at the configured hosts, replace them. */
    @Override
    public void afterInit(IndirectClient client) {
        ((GitHubClient) client).getConfiguration().setApi(new Endpoints(webUrl));
        ((GitHubClient) client).getConfiguration().setProfileDefinition(new UserEndpoint(apiUrl));
    }

    /** ScribeJava's GitHub API (its token answer format included) at a configurable host. */
    private static final class Endpoints extends GitHubApi {
        private final String webUrl;

        Endpoints(String webUrl) {
            this.webUrl = webUrl;
        }

        @Override
        public String getAccessTokenEndpoint() {
            return webUrl + "/login/oauth/access_token";
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return webUrl + "/login/oauth/authorize";
        }
    }

    /** pac4j's reading of /user, at a configurable API host, keeping the public email too. */
    private static final class UserEndpoint extends GitHubProfileDefinition {
        private final String apiUrl;

        UserEndpoint(String apiUrl) {
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
    }

    /**
     * /user, then /user/emails: the primary verified address fills a missing email, and only an
     * address that list marks verified counts as verified (the linking rule depends on it).
     */
    private static final class WithVerifiedEmail extends ReusedServiceProfileCreator {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final String emailsUrl;

        WithVerifiedEmail(ReusedOAuth20Service services, IndirectClient client, String emailsUrl) {
            super(services, client);
            this.emailsUrl = emailsUrl;
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
                emails = JSON.readTree(sendRequestForData(service(context), accessToken, emailsUrl, Verb.GET));
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
}
