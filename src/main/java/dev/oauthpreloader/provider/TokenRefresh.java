package dev.oauthpreloader.provider;

import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuthConstants;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.time.Duration;
import java.util.Map;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oauth.client.OAuth20Client;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.metadata.IOidcOpMetadataResolver;

/**
 * The refresh grant (RFC 6749 section 6) at a provider's token endpoint, through the same client
 * settings as the login's exchange: its client authentication, its timeouts. Only invalid_grant
 * counts as a refusal; anything else may pass, so it is tried again later.
 */
final class TokenRefresh {

    private TokenRefresh() {
    }

    static RefreshOutcome refresh(IndirectClient client, String refreshToken, Duration connectTimeout, Duration readTimeout) {
        try {
            if (client instanceof OAuth20Client oauth2) return oauth2(oauth2, refreshToken);
            if (client instanceof OidcClient oidc) return oidc(oidc, refreshToken, connectTimeout, readTimeout);
            return new RefreshOutcome.Unsupported();
        } catch (RuntimeException e) {
            // Class names only: messages from the protocol libraries can quote tokens.
            return new RefreshOutcome.Failed(e.getClass().getSimpleName());
        }
    }

    private static RefreshOutcome oauth2(OAuth20Client client, String refreshToken) {
        DetachedCallContext context = new DetachedCallContext("/refresh/" + client.getName(), Map.of(), Map.of());
        OAuth20Service service = (OAuth20Service) client.getConfiguration().buildService(context.callContext().webContext(), client);
        DefaultApi20 api = service.getApi();
        OAuthRequest request = new OAuthRequest(api.getAccessTokenVerb(), api.getRefreshTokenEndpoint());
        api.getClientAuthentication().addClientAuthentication(request, service.getApiKey(), service.getApiSecret());
        request.addParameter(OAuthConstants.GRANT_TYPE, OAuthConstants.REFRESH_TOKEN);
        request.addParameter(OAuthConstants.REFRESH_TOKEN, refreshToken);
        Response response;
        String body;
        try {
            response = service.execute(request);
            body = response.getBody();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RefreshOutcome.Failed("interrupted");
        } catch (Exception e) {
            return new RefreshOutcome.Failed(e.getClass().getSimpleName());
        }
        if (response.getCode() == 400 || response.getCode() == 401) {
            return body != null && body.contains("invalid_grant") ? new RefreshOutcome.Refused()
                    : new RefreshOutcome.Failed("HTTP " + response.getCode());
        }
        if (response.getCode() != 200) return new RefreshOutcome.Failed("HTTP " + response.getCode());
        try {
            OAuth2AccessToken token = api.getAccessTokenExtractor().extract(response);
            Integer expiresIn = token.getExpiresIn();
            return new RefreshOutcome.Refreshed(new ProviderTokens(token.getAccessToken(),
                    TokenExtraction.blankToNull(token.getRefreshToken()), null,
                    expiresIn == null || expiresIn <= 0 ? null : expiresIn.longValue(), TokenExtraction.blankToNull(token.getScope())));
        } catch (Exception e) {
            return new RefreshOutcome.Failed("unparsable token response");
        }
    }

    private static RefreshOutcome oidc(OidcClient client, String refreshToken, Duration connectTimeout, Duration readTimeout) {
        IOidcOpMetadataResolver metadata = client.getConfiguration().getOpMetadataResolver();
        TokenRequest request = new TokenRequest(metadata.load().getTokenEndpointURI(),
                metadata.getClientAuthenticationTokenEndpoint(), new RefreshTokenGrant(new RefreshToken(refreshToken)));
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        http.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        TokenResponse response;
        try {
            response = TokenResponse.parse(http.send());
        } catch (Exception e) {
            return new RefreshOutcome.Failed(e.getClass().getSimpleName());
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            boolean invalidGrant = error.getErrorObject() != null && "invalid_grant".equals(error.getErrorObject().getCode());
            return invalidGrant ? new RefreshOutcome.Refused() : new RefreshOutcome.Failed("token endpoint error");
        }
        Tokens tokens = response.toSuccessResponse().getTokens();
        var access = tokens.getAccessToken();
        return new RefreshOutcome.Refreshed(new ProviderTokens(access.getValue(),
                tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(), null,
                access.getLifetime() <= 0 ? null : access.getLifetime(), access.getScope() == null ? null : access.getScope().toString()));
    }
}
