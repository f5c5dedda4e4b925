package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.Token;
import com.github.scribejava.core.oauth.OAuthService;
import java.util.Optional;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.HttpCommunicationException;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.oauth.profile.creator.OAuth20ProfileCreator;
import org.pac4j.oauth.profile.definition.OAuthProfileDefinition;

/**
 * pac4j's OAuth 2.0 profile request, sent through the client's one ScribeJava service
 * ({@link ReusedOAuth20Service}): pac4j's own creator builds a new service, and with it a
 * ServiceLoader scan of the class path, for every login (6% of the service's CPU in the benchmark).
 * Unlike pac4j's, it neither logs the profile's body nor quotes the token when the body is missing.
 */
class ReusedServiceProfileCreator extends OAuth20ProfileCreator {

    private final ReusedOAuth20Service services;

    ReusedServiceProfileCreator(ReusedOAuth20Service services, IndirectClient client) {
        super(services.configuration(), client);
        this.services = services;
    }

    @Override
    protected Optional<UserProfile> retrieveUserProfileFromToken(WebContext context, Token accessToken) {
        // Read at each call: a preset's afterInit may replace the definition after this creator exists.
        OAuthProfileDefinition definition = configuration.getProfileDefinition();
        String body = sendRequestForData(service(context), accessToken, definition.getProfileUrl(accessToken, configuration),
                definition.getProfileVerb());
        if (body == null) throw new HttpCommunicationException("the provider sent no profile");
        UserProfile profile = definition.extractUserProfile(body);
        addTokenToProfile(profile, accessToken);
        return Optional.of(profile);
    }

    /** The shared service, for a subclass that asks the provider for more than the profile. */
    protected OAuthService service(WebContext context) {
        return services.get(context);
    }
}
