package dev.oauthpreloader.provider;

import dev.oauthpreloader.config.Env;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oauth.client.GenericOAuth20Client;
import org.pac4j.scribe.builder.api.GenericApi20;

/**
 * A provider that is only data: OAuth 2.0 endpoints, scope, client authentication and which fields
 * of its userinfo JSON hold what. Generic providers ({@code OAUTH2_<NAME>_*}) and the simulator are
 * this; pac4j's generic OAuth 2.0 client does the protocol.
 */
public record OAuth2Preset(String name, String label, String clientId, String clientSecret,
                           String authorizationUrl, String tokenUrl, String userInfoUrl, String scope,
                           boolean secretInBody, ProfileFields fields, String issuer, boolean trustEmail)
        implements ProviderPreset {

    /** Which userinfo fields hold the id, the email, whether it is verified, and the names. */
    public record ProfileFields(String id, String email, String emailVerified, String firstName, String lastName) {
        public static final ProfileFields OPENID = new ProfileFields("sub", "email", "email_verified", "given_name", "family_name");
    }

    /** OAUTH2_&lt;NAME&gt;_*: see docs/configuration.md. */
    static OAuth2Preset read(Env env, String name) {
        String prefix = ProviderPreset.prefix("OAUTH2", name);
        return new OAuth2Preset(name,
                env.read(prefix + "LABEL", ProviderPreset.defaultLabel(name), Env::label),
                env.read(prefix + "CLIENT_ID", "", Env::required),
                env.read(prefix + "CLIENT_SECRET", "", Env::required),
                env.read(prefix + "AUTH_URL", "", Env::endpointUrl),
                env.read(prefix + "TOKEN_URL", "", Env::endpointUrl),
                env.read(prefix + "USERINFO_URL", "", Env::endpointUrl),
                env.text(prefix + "SCOPE", ""),
                env.read(prefix + "CLIENT_AUTH", "basic", v -> switch (v) {
                    case "basic" -> false;
                    case "post" -> true;
                    default -> throw new IllegalArgumentException("must be basic or post");
                }),
                new ProfileFields(
                        env.read(prefix + "ID_FIELD", "id", Env::label),
                        env.read(prefix + "EMAIL_FIELD", "email", Env::label),
                        env.read(prefix + "EMAIL_VERIFIED_FIELD", "email_verified", Env::label),
                        env.read(prefix + "FIRST_NAME_FIELD", "given_name", Env::label),
                        env.read(prefix + "LAST_NAME_FIELD", "family_name", Env::label)),
                env.read(prefix + "ISSUER", "", v -> v.isEmpty() ? null : Env.endpointUrl(v)),
                // Off unless the deployer knows the provider checks addresses: a generic one may not.
                env.read(prefix + "TRUST_EMAIL", "false", Env::bool));
    }

    @Override
    public String authorizationEndpoint() {
        return authorizationUrl;
    }

    @Override
    public IndirectClient newClient(Duration connectTimeout, Duration readTimeout) {
        GenericOAuth20Client client = new GenericOAuth20Client();
        client.setName(name);
        client.setKey(clientId);
        client.setSecret(clientSecret);
        client.setAuthUrl(authorizationUrl);
        client.setTokenUrl(tokenUrl);
        client.setProfileUrl(userInfoUrl);
        client.setScope(scope);
        client.setProfileId(fields.id());
        client.setClientAuthenticationMethod(secretInBody
                ? GenericApi20.REQUEST_BODY_AUTHENTICATION_METHOD : GenericApi20.BASIC_AUTH_AUTHENTICATION_METHOD);
        // Keys are pac4j's profile attribute names, which CommonProfile's getters read.
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("first_name", fields.firstName());
        attributes.put("family_name", fields.lastName());
        attributes.put("email", fields.email());
        attributes.put("email_verified", "Boolean|" + fields.emailVerified());
        client.setProfileAttrs(attributes);
        return client;
    }
}
