package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.OAuth1RequestToken;
import com.nimbusds.oauth2.sdk.id.Identifier;
import dev.oauthpreloader.Tokens;
import java.util.Map;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oauth.client.OAuth10Client;

/**
 * A provider people can log in with: its URL name, the label on its button, its pac4j client, and
 * the issuer it names in {@code iss} on its redirects (RFC 9207), or null when that is not known.
 */
public record LoginProvider(String name, String label, IndirectClient client, String issuer) {

    public LoginProvider(String name, String label, IndirectClient client) {
        this(name, label, client, null);
    }

    /**
     * Whether a callback answers the redirect this session made: its state equals the one kept at
     * redirect time; for OAuth 1.0a, which has no state, the returned oauth_token (or, on a refusal,
     * Twitter's denied=) equals the request token kept in the session. Checked on the request thread;
     * pac4j checks the OAuth 1.0a token again in the worker.
     */
    public boolean callbackMatches(Map<String, Object> clientValues, Map<String, String> params) {
        if (client instanceof OAuth10Client oauth1) {
            Object saved = clientValues.get(oauth1.getConfiguration().getRequestTokenSessionAttributeName(client.getName()));
            String expected = saved instanceof OAuth1RequestToken token ? token.getToken() : null;
            String returned = params.containsKey("denied") ? params.get("denied") : params.get("oauth_token");
            return Tokens.constantTimeEquals(expected, returned);
        }
        return Tokens.constantTimeEquals(savedState(clientValues), params.get("state"));
    }

    /** The state this client kept at redirect time: pac4j-oauth keeps a String, pac4j-oidc a nimbus State. */
    private String savedState(Map<String, Object> clientValues) {
        Object saved = clientValues.get(client.getStateSessionAttributeName());
        if (saved instanceof Identifier identifier) return identifier.getValue();
        return saved instanceof String value ? value : null;
    }
}
