package dev.oauthpreloader.provider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pac4j.oidc.config.OidcConfiguration;
import org.pac4j.oidc.profile.creator.TokenValidator;

/**
 * pac4j's id_token validation (signature, issuer, audience, expiry, nonce), narrowed: pac4j would accept
 * every algorithm the provider lists, HMAC ones with the client secret included. Here an id_token must be
 * signed with an asymmetric algorithm the provider advertises, or with HS256 and the client secret where
 * that is configured; the provider's keys come from one JWKS source, refetched at most once a minute; and
 * with several audiences, {@code azp} must name us (OpenID Connect Core 1.0, section 3.1.3.7).
 */
final class IdTokenChecks extends TokenValidator {

    private final ClientID clientId;
    private final IDTokenValidator asymmetric;
    private final IDTokenValidator hs256;

    /** The algorithms accepted from a provider that advertises {@code advertised}; empty if it offers none of them. */
    static Set<JWSAlgorithm> accepted(List<JWSAlgorithm> advertised, boolean acceptHs256) {
        Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
        if (advertised != null) advertised.stream().filter(JWSAlgorithm.Family.SIGNATURE::contains).forEach(accepted::add);
        if (acceptHs256) accepted.add(JWSAlgorithm.HS256);
        return accepted;
    }

    IdTokenChecks(OidcConfiguration configuration, OIDCProviderMetadata metadata, Set<JWSAlgorithm> accepted,
                  JWKSource<SecurityContext> keys) throws ParseException {
        // pac4j's own validators, built from this narrowed copy, are never asked: validateIdToken is ours.
        super(configuration, narrowed(metadata, accepted));
        this.clientId = new ClientID(configuration.getClientId());
        Set<JWSAlgorithm> signatures = new LinkedHashSet<>(accepted);
        signatures.retainAll(JWSAlgorithm.Family.SIGNATURE);
        this.asymmetric = signatures.isEmpty() ? null
                : skewed(new IDTokenValidator(metadata.getIssuer(), clientId, new JWSVerificationKeySelector<>(signatures, keys), null),
                configuration);
        this.hs256 = accepted.contains(JWSAlgorithm.HS256)
                ? skewed(new IDTokenValidator(metadata.getIssuer(), clientId, JWSAlgorithm.HS256, new Secret(configuration.getSecret())),
                configuration)
                : null;
    }

    @Override
    public IDTokenClaimsSet validateIdToken(JWT idToken, Nonce expectedNonce) throws BadJOSEException, JOSEException {
        IDTokenValidator validator = JWSAlgorithm.HS256.equals(idToken.getHeader().getAlgorithm()) ? hs256 : asymmetric;
        if (validator == null) throw new BadJOSEException("id_token signed with an algorithm not accepted from this provider");
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(idToken, expectedNonce);
        } catch (RateLimitReachedException e) {
            throw new BadJOSEException("id_token signed with an unknown key, and the keys were fetched less than a minute ago");
        }
        // AuthorizedParty and ClientID are different types, which nimbus never counts as equal: compare the values.
        String azp = claims.getAuthorizedParty() == null ? null : claims.getAuthorizedParty().getValue();
        if (claims.getAudience().size() > 1 && !clientId.getValue().equals(azp)) {
            throw new BadJWTException("id_token for several audiences whose azp does not name us");
        }
        return claims;
    }

    private static IDTokenValidator skewed(IDTokenValidator validator, OidcConfiguration configuration) {
        validator.setMaxClockSkew(configuration.getMaxClockSkew());
        return validator;
    }

    private static OIDCProviderMetadata narrowed(OIDCProviderMetadata metadata, Set<JWSAlgorithm> accepted) throws ParseException {
        OIDCProviderMetadata copy = OIDCProviderMetadata.parse(metadata.toJSONObject());
        copy.setIDTokenJWSAlgs(new ArrayList<>(accepted));
        return copy;
    }
}
