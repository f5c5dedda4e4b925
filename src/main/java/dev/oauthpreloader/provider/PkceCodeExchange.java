package dev.oauthpreloader.provider;

import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.exceptions.OAuthException;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuthConstants;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.github.scribejava.core.pkce.PKCE;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.authenticator.Authenticator;
import org.pac4j.oauth.credentials.OAuth20Credentials;

/**
 * Exchanges the authorization code for a token, sending the PKCE verifier kept at redirect time.
 * The request is built here, from ScribeJava's parts, rather than by {@code getAccessToken}, so that
 * the HTTP status is seen before parsing: a 500 with an HTML page and a 200 with broken JSON must
 * end with different reasons, and ScribeJava reports both as the same parse error.
 */
final class PkceCodeExchange implements Authenticator {

    private final IndirectClient client;
    private final ReusedOAuth20Service services;

    PkceCodeExchange(ReusedOAuth20Service services, IndirectClient client) {
        this.client = client;
        this.services = services;
    }

    @Override
    public Optional<Credentials> validate(CallContext ctx, Credentials credentials) {
        OAuth20Credentials oauth = (OAuth20Credentials) credentials;
        String verifier = (String) ctx.sessionStore()
                .get(ctx.webContext(), client.getCodeVerifierSessionAttributeName()).orElse(null);
        OAuth20Service service = services.get(ctx.webContext());
        DefaultApi20 api = service.getApi();

        OAuthRequest request = new OAuthRequest(api.getAccessTokenVerb(), api.getAccessTokenEndpoint());
        api.getClientAuthentication().addClientAuthentication(request, service.getApiKey(), service.getApiSecret());
        request.addParameter(OAuthConstants.CODE, oauth.getCode());
        request.addParameter(OAuthConstants.REDIRECT_URI, service.getCallback());
        request.addParameter(OAuthConstants.GRANT_TYPE, OAuthConstants.AUTHORIZATION_CODE);
        if (verifier != null) request.addParameter(PKCE.PKCE_CODE_VERIFIER_PARAM, verifier);

        Response response = execute(service, request);
        if (response.getCode() >= 500) throw new ExchangeFailure(FailureReason.TOKEN_ERROR);
        if (response.getCode() != 200) throw new ExchangeFailure(FailureReason.PROVIDER_REFUSED);
        try {
            OAuth2AccessToken token = api.getAccessTokenExtractor().extract(response);
            oauth.setAccessToken(OAuth20Credentials.OAuth20AccessToken.from(token));
            return Optional.of(oauth);
        } catch (IOException | OAuthException | IllegalArgumentException e) {
            throw new ExchangeFailure(FailureReason.BAD_RESPONSE);
        }
    }

    private static Response execute(OAuth20Service service, OAuthRequest request) {
        try {
            // Read whole now, so a connection cut mid-body fails here as a network error.
            return ResponseBody.read(service.execute(request));
        } catch (IOException e) {
            throw new ExchangeFailure(FailureClassifier.network(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeFailure(FailureReason.INTERRUPTED);
        } catch (ExecutionException e) {
            throw new ExchangeFailure(FailureReason.UNREACHABLE);
        }
    }
}
