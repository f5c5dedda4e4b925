package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Token;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuthService;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
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
 * Unlike pac4j's, it neither logs the profile's body nor quotes the token when the body is missing,
 * and it reads the body with {@link ResponseBody}.
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

    /** pac4j's request for data, with the same exceptions (FailureClassifier reads them), the body read by {@link ResponseBody}. */
    @Override
    protected String sendRequestForData(OAuthService service, Token accessToken, String dataUrl, Verb verb) {
        OAuthRequest request = createOAuthRequest(dataUrl, verb);
        signRequest(service, accessToken, request);
        Response response;
        String body;
        try {
            response = ResponseBody.read(service.execute(request));
            body = response.getBody();
        } catch (IOException | ExecutionException e) {
            throw new HttpCommunicationException("Error getting body: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeFailure(FailureReason.INTERRUPTED);
        }
        if (response.getCode() != 200) throw new HttpCommunicationException(response.getCode(), "");
        return body;
    }

    /** The shared service, for a subclass that asks the provider for more than the profile. */
    protected OAuthService service(WebContext context) {
        return services.get(context);
    }
}
