package dev.oauthpreloader.provider;

import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;
import org.pac4j.oidc.credentials.OidcCredentials;
import org.pac4j.oidc.credentials.authenticator.OidcAuthenticator;

/**
 * pac4j-oidc's code exchange, made strict for a login: only tokens from the token endpoint count
 * (an id_token or access_token smuggled into the callback's query is dropped first), and a token
 * response without an id_token is refused, because without one pac4j would trust the userinfo
 * endpoint alone and skip the signature, audience, expiry and nonce checks.
 */
final class IdTokenRequired extends OidcAuthenticator {

    IdTokenRequired(OidcConfiguration configuration, OidcClient client) {
        super(configuration, client);
    }

    @Override
    public Optional<Credentials> validate(CallContext ctx, Credentials credentials) {
        OidcCredentials oidc = (OidcCredentials) credentials;
        if (oidc.getCode() == null) throw new ExchangeFailure(FailureReason.INVALID_ID_TOKEN);
        oidc.setIdToken(null);
        oidc.setAccessToken(null);
        super.validate(ctx, oidc);
        if (oidc.getIdToken() == null) throw new ExchangeFailure(FailureReason.INVALID_ID_TOKEN);
        return Optional.of(oidc);
    }
}
