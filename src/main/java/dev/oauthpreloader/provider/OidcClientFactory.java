package dev.oauthpreloader.provider;

import dev.oauthpreloader.Tokens;
import java.time.Duration;
import org.pac4j.oidc.client.GoogleOidcClient;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;

/**
 * pac4j-oidc's client for one OpenID Connect provider: authorization code flow with state, nonce
 * and PKCE (kept by pac4j in the session under the client's name), the id_token checked against
 * the provider's keys, issuer, audience, expiry and nonce in the worker.
 */
final class OidcClientFactory {

    private OidcClientFactory() {
    }

    static OidcClient create(OidcSettings settings, Duration connectTimeout, Duration readTimeout) {
        OidcConfiguration configuration = new OidcConfiguration();
        configuration.setClientId(settings.clientId());
        configuration.setSecret(settings.clientSecret());
        configuration.setScope(settings.scope());
        configuration.setUseNonce(true);
        configuration.setWithState(true);
        configuration.setStateGenerator(ctx -> Tokens.random()); // 256 bits, like our OAuth 2.0 clients
        configuration.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        configuration.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        configuration.setExpireSessionWithToken(false);
        configuration.setDiscoveryURI(settings.discoveryUrl());
        // Set before init, so that pac4j never builds its own re-checking resolver.
        configuration.setOpMetadataResolver(new OidcDiscovery(settings, configuration, connectTimeout, readTimeout));

        OidcClient client = settings.isGoogle() ? new GoogleOidcClient(configuration) : new OidcClient(configuration);
        client.setName(settings.name());
        client.setAuthenticator(new IdTokenRequired(configuration, client));
        return client;
    }
}
