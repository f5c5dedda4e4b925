package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.OAuth1RequestToken;
import com.nimbusds.oauth2.sdk.id.Identifier;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.util.HashMap;
import java.util.Map;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oauth.client.OAuth10Client;
import org.pac4j.oidc.client.OidcClient;

/**
 * What a pac4j client leaves in the session at redirect time, by meaning and as plain strings,
 * so that the session never holds library objects: pac4j-oauth keeps strings, pac4j-oidc nimbus
 * {@code State} and {@code CodeVerifier}, OAuth 1.0a ScribeJava's request token. Anything else a
 * client leaves there fails loudly, so a library upgrade cannot silently drop a check.
 */
final class KeptValues {

    static final String STATE = "state";
    static final String VERIFIER = "verifier";
    static final String NONCE = "nonce";
    static final String REQUEST_TOKEN = "request_token";
    static final String REQUEST_TOKEN_SECRET = "request_token_secret";

    private KeptValues() {
    }

    static Map<String, String> capture(IndirectClient client, Map<String, Object> sessionValues) {
        Map<String, String> kept = new HashMap<>();
        sessionValues.forEach((name, value) -> {
            if (name.equals(client.getStateSessionAttributeName())) {
                kept.put(STATE, text(value));
            } else if (name.equals(client.getCodeVerifierSessionAttributeName())) {
                kept.put(VERIFIER, value instanceof CodeVerifier verifier ? verifier.getValue() : text(value));
            } else if (name.equals(client.getNonceSessionAttributeName())) {
                kept.put(NONCE, text(value));
            } else if (client instanceof OAuth10Client && value instanceof OAuth1RequestToken token) {
                kept.put(REQUEST_TOKEN, token.getToken());
                kept.put(REQUEST_TOKEN_SECRET, token.getTokenSecret());
            } else {
                throw new IllegalStateException(client.getName() + " kept an unknown session attribute " + name);
            }
        });
        return kept;
    }

    /** The session attributes the client expects to find again at callback time, as the types it wrote. */
    static Map<String, Object> restore(IndirectClient client, Map<String, String> kept) {
        Map<String, Object> values = new HashMap<>();
        boolean oidc = client instanceof OidcClient;
        if (kept.containsKey(STATE)) {
            values.put(client.getStateSessionAttributeName(), oidc ? new State(kept.get(STATE)) : kept.get(STATE));
        }
        if (kept.containsKey(VERIFIER)) {
            values.put(client.getCodeVerifierSessionAttributeName(),
                    oidc ? new CodeVerifier(kept.get(VERIFIER)) : kept.get(VERIFIER));
        }
        if (kept.containsKey(NONCE)) values.put(client.getNonceSessionAttributeName(), kept.get(NONCE));
        if (client instanceof OAuth10Client oauth1 && kept.containsKey(REQUEST_TOKEN)) {
            values.put(oauth1.getConfiguration().getRequestTokenSessionAttributeName(client.getName()),
                    new OAuth1RequestToken(kept.get(REQUEST_TOKEN), kept.get(REQUEST_TOKEN_SECRET)));
        }
        return values;
    }

    private static String text(Object value) {
        if (value instanceof Identifier identifier) return identifier.getValue();
        if (value instanceof String string) return string;
        throw new IllegalStateException("unexpected session value of type " + value.getClass().getName());
    }
}
