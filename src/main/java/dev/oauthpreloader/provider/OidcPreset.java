package dev.oauthpreloader.provider;

import dev.oauthpreloader.config.ConfigException;
import dev.oauthpreloader.config.Env;
import dev.oauthpreloader.crypto.Tokens;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import java.time.Duration;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.oidc.client.GoogleOidcClient;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;
import org.pac4j.oidc.profile.OidcProfileDefinition;
import org.pac4j.oidc.profile.google.GoogleOidcProfile;

/**
 * An OpenID Connect provider, known by its discovery document: Google, or any generic one
 * ({@code OIDC_<NAME>_*}). pac4j-oidc runs the authorization code flow with state, nonce and PKCE,
 * and checks the id_token against the provider's keys, issuer, audience, expiry and nonce in the
 * worker. {@code expectedIssuer} is set when the provider was configured by its issuer: the
 * discovery document must then name that same issuer (OpenID Connect Discovery 1.0, section 4.3).
 * {@code acceptHs256IdTokens}: whether an id_token signed with HS256 and the client secret counts, for a
 * provider that signs no other way; otherwise only the asymmetric algorithms it advertises do.
 * {@code logoutAtProvider}: logging out also ends the person's session at the provider, through the
 * {@code end_session_endpoint} its discovery document names (RP-initiated logout).
 * {@code trustEmail}: whether its {@code email_verified} claim counts; on for Google, which verifies
 * the addresses it vouches for, off by default for a generic provider.
 */
public record OidcPreset(String name, String label, String clientId, String clientSecret,
                         String discoveryUrl, String expectedIssuer, String scope,
                         boolean acceptHs256IdTokens, boolean logoutAtProvider, boolean trustEmail) implements ProviderPreset {

    public static final String WELL_KNOWN = "/.well-known/openid-configuration";
    public static final String GOOGLE = "google";
    static final String GOOGLE_DISCOVERY_URL = "https://accounts.google.com" + WELL_KNOWN;
    static final String DEFAULT_SCOPE = "openid profile email";

    /** GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_TRUST_EMAIL and GOOGLE_DISCOVERY_URL (for tests). */
    static OidcPreset google(Env env) {
        return new OidcPreset(GOOGLE, "Google",
                env.read("GOOGLE_CLIENT_ID", "", Env::required),
                env.read("GOOGLE_CLIENT_SECRET", "", Env::required),
                env.read("GOOGLE_DISCOVERY_URL", GOOGLE_DISCOVERY_URL, Env::endpointUrl),
                null, DEFAULT_SCOPE, false, false,
                env.read("GOOGLE_TRUST_EMAIL", "true", Env::bool));
    }

    /** OIDC_&lt;NAME&gt;_*: see docs/configuration.md. */
    static OidcPreset read(Env env, String name) {
        String prefix = ProviderPreset.prefix("OIDC", name);
        // Kept exactly as given: the discovery document must name this very string (Auth0's ends with a slash).
        String issuer = env.read(prefix + "ISSUER", "", v -> v.isEmpty() ? null : issuerUrl(v));
        String discovery = env.read(prefix + "DISCOVERY_URL", "", v -> v.isEmpty() ? null : Env.endpointUrl(v));
        if ((issuer == null) == (discovery == null)) {
            throw new ConfigException(prefix + "ISSUER or " + prefix + "DISCOVERY_URL must be set, and not both");
        }
        return new OidcPreset(name,
                env.read(prefix + "LABEL", ProviderPreset.defaultLabel(name), Env::label),
                env.read(prefix + "CLIENT_ID", "", Env::required),
                env.read(prefix + "CLIENT_SECRET", "", Env::required),
                discovery != null ? discovery : Env.baseEndpointUrl(issuer) + WELL_KNOWN,
                issuer,
                env.read(prefix + "SCOPE", DEFAULT_SCOPE, v -> {
                    if (!(" " + v + " ").contains(" openid ")) throw new IllegalArgumentException("must include openid");
                    return v;
                }),
                env.read(prefix + "ACCEPT_HS256_ID_TOKENS", "false", Env::bool),
                env.read(prefix + "LOGOUT_AT_PROVIDER", "false", Env::bool),
                env.read(prefix + "TRUST_EMAIL", "false", Env::bool));
    }

    private static String issuerUrl(String value) {
        Env.baseEndpointUrl(value);
        return value;
    }

    @Override
    public IndirectClient newClient(Duration connectTimeout, Duration readTimeout) {
        OidcConfiguration configuration = new OidcConfiguration();
        configuration.setClientId(clientId);
        configuration.setSecret(clientSecret);
        configuration.setScope(scope);
        configuration.setUseNonce(true);
        configuration.setWithState(true);
        configuration.setStateGenerator(ctx -> Tokens.random()); // 256 bits, like our OAuth 2.0 clients
        // Fixed, not read from discovery: pac4j would send no PKCE where the document lists no method, and plain where it lists only plain.
        configuration.setDisablePkce(false);
        configuration.setPkceMethod(CodeChallengeMethod.S256);
        configuration.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        configuration.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        configuration.setExpireSessionWithToken(false);
        configuration.setDiscoveryURI(discoveryUrl);
        // Set before init, so that pac4j never builds its own re-checking resolver.
        configuration.setOpMetadataResolver(new OidcDiscovery(this, configuration, connectTimeout, readTimeout));

        OidcClient client = GOOGLE.equals(name) ? new GoogleOidcClient(configuration) : new OidcClient(configuration);
        client.setName(name);
        client.setAuthenticator(new IdTokenRequired(configuration, client));
        SameSubjectProfileCreator profiles = new SameSubjectProfileCreator(configuration, client);
        // What GoogleOidcClient would set on its own profile creator.
        if (GOOGLE.equals(name)) profiles.setProfileDefinition(new OidcProfileDefinition(x -> new GoogleOidcProfile()));
        client.setProfileCreator(profiles);
        return client;
    }
}
