package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuth2AccessTokenErrorResponse;
import com.github.scribejava.core.oauth2.OAuth2Error;
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

    /** @param services the OAuth 2.0 client's one ScribeJava service (null for OpenID Connect) */
    static RefreshOutcome refresh(IndirectClient client, ReusedOAuth20Service services, String refreshToken,
                                  Duration connectTimeout, Duration readTimeout) {
        try {
            if (client instanceof OAuth20Client oauth2) return oauth2(oauth2, services, refreshToken);
            if (client instanceof OidcClient oidc) return oidc(oidc, refreshToken, connectTimeout, readTimeout);
            return new RefreshOutcome.Unsupported();
        } catch (RuntimeException e) {
            // Class names only: messages from the protocol libraries can quote tokens.
            return new RefreshOutcome.Failed(e.getClass().getSimpleName());
        }
    }

    /** ScribeJava's own refresh request, on the login's service: its client authentication and timeouts. */
    private static RefreshOutcome oauth2(OAuth20Client client, ReusedOAuth20Service services, String refreshToken) {
        DetachedCallContext context = new DetachedCallContext("/refresh/" + client.getName(), Map.of(), Map.of());
        OAuth2AccessToken token;
        try {
            token = services.get(context.callContext().webContext()).refreshAccessToken(refreshToken);
        } catch (OAuth2AccessTokenErrorResponse e) {
            return e.getError() == OAuth2Error.INVALID_GRANT ? new RefreshOutcome.Refused()
                    : new RefreshOutcome.Failed("token endpoint error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RefreshOutcome.Failed("interrupted");
        } catch (Exception e) {
            return new RefreshOutcome.Failed(e.getClass().getSimpleName());
        }
        Integer expiresIn = token.getExpiresIn();
        return new RefreshOutcome.Refreshed(new ProviderTokens(token.getAccessToken(),
                TokenExtraction.blankToNull(token.getRefreshToken()), null,
                expiresIn == null || expiresIn <= 0 ? null : expiresIn.longValue(), TokenExtraction.blankToNull(token.getScope())));
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
