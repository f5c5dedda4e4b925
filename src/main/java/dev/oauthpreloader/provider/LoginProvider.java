package dev.oauthpreloader.provider;

import com.nimbusds.oauth2.sdk.id.Identifier;
import java.util.Map;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oauth.client.OAuth10Client;

/** A provider people can log in with: its URL name, the label on its button, and its pac4j client. */
public record LoginProvider(String name, String label, IndirectClient client) {

    /**
     * OAuth 1.0a has no state: there pac4j matches the returned oauth_token against the request
     * token kept in the session instead.
     */
    public boolean usesState() {
        return !(client instanceof OAuth10Client);
    }

    /** The state this client kept at redirect time: pac4j-oauth keeps a String, pac4j-oidc a nimbus State. */
    public String savedState(Map<String, Object> clientValues) {
        Object saved = clientValues.get(client.getStateSessionAttributeName());
        if (saved instanceof Identifier identifier) return identifier.getValue();
        return saved instanceof String value ? value : null;
    }
}
