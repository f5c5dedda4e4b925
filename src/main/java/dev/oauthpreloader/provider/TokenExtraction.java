package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.oauth.credentials.OAuth10Credentials;
import org.pac4j.oauth.credentials.OAuth20Credentials;
import org.pac4j.oidc.credentials.OidcCredentials;

/** Reads the tokens out of whichever credentials a pac4j client's token exchange produced. */
final class TokenExtraction {

    private TokenExtraction() {
    }

    /** The tokens, or null when the credentials carry none (nothing to keep). */
    static ProviderTokens of(Credentials credentials) {
        if (credentials instanceof OAuth20Credentials oauth2 && oauth2.toAccessToken() != null) {
            OAuth2AccessToken token = oauth2.toAccessToken();
            Integer expiresIn = token.getExpiresIn();
            return new ProviderTokens(token.getAccessToken(), blankToNull(token.getRefreshToken()), null,
                    expiresIn == null || expiresIn <= 0 ? null : expiresIn.longValue(), blankToNull(token.getScope()));
        }
        if (credentials instanceof OidcCredentials oidc && oidc.toAccessToken() != null) {
            AccessToken access = oidc.toAccessToken();
            RefreshToken refresh = oidc.toRefreshToken();
            return new ProviderTokens(access.getValue(), refresh == null ? null : refresh.getValue(), null,
                    access.getLifetime() <= 0 ? null : access.getLifetime(),
                    access.getScope() == null ? null : access.getScope().toString());
        }
        if (credentials instanceof OAuth10Credentials oauth1 && oauth1.getAccessToken() != null) {
            // OAuth 1.0a tokens do not expire: they last until the person revokes the app.
            OAuth1AccessToken token = oauth1.getAccessToken();
            return new ProviderTokens(token.getToken(), null, token.getTokenSecret(), null, null);
        }
        return null;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
