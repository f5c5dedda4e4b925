package dev.oauthpreloader.provider;

import dev.oauthpreloader.crypto.Tokens;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.profile.creator.ProfileCreator;
import org.pac4j.core.http.callback.NoParameterCallbackUrlResolver;
import org.pac4j.oauth.client.OAuth10Client;
import org.pac4j.oauth.client.OAuth20Client;
import org.pac4j.oidc.client.OidcClient;

/**
 * Every provider this service offers, each a pac4j client with its own redirect URI
 * ({@code BASE_URL/callback/<name>}): a code delivered to one provider's callback can never be
 * redeemed through another's client (the OAuth mix-up defence). What all clients share is set here:
 * a 256-bit state, PKCE S256, and timeouts on every provider call.
 */
public final class ProviderRegistry {

    private final Map<String, LoginProvider> providers = new LinkedHashMap<>();
    private final String baseUrl;

    /** @param readTimeout the login deadline: by then the reaper has failed the login, so no call may wait longer */
    public ProviderRegistry(ProvidersConfig config, String baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.baseUrl = baseUrl;
        for (ProviderPreset preset : config.presets()) {
            IndirectClient client = preset.newClient(connectTimeout, readTimeout);
            ReusedOAuth20Service services = configure(client, preset, baseUrl, connectTimeout, readTimeout);
            providers.put(preset.name(), new Pac4jProvider(preset, client, services, connectTimeout, readTimeout));
        }
    }

    /** Returns an OAuth 2.0 client's one ScribeJava service (null for the other protocols). */
    private static ReusedOAuth20Service configure(IndirectClient client, ProviderPreset preset, String baseUrl,
                                                  Duration connectTimeout, Duration readTimeout) {
        client.setCallbackUrl(baseUrl + "/callback/" + client.getName());
        client.setCallbackUrlResolver(new NoParameterCallbackUrlResolver());
        // pac4j answers a second /login with 401 until the first one's callback arrives; a person
        // who abandoned a login and clicks again must simply get a fresh one.
        client.setCheckAuthenticationAttempt(false);
        if (client instanceof OAuth20Client oauth2) {
            var configuration = oauth2.getConfiguration();
            configuration.setStateGenerator(ctx -> Tokens.random()); // pac4j's default has only 40 bits
            configuration.setHttpClientConfig(ProviderHttp.config(connectTimeout, readTimeout));
            ReusedOAuth20Service services = new ReusedOAuth20Service(configuration, oauth2);
            oauth2.setRedirectionActionBuilder(new PkceAuthorizationRedirect(services, oauth2));
            oauth2.setAuthenticator(new PkceCodeExchange(services, oauth2));
            ProfileCreator profiles = preset.profileCreator(services, oauth2);
            if (profiles != null) oauth2.setProfileCreator(profiles); // before init, which sets its own only where none is
            client.init();
            preset.afterInit(client);
            // After init: the generic client's init copies its own withState (false by default) over ours.
            configuration.setWithState(true);
            return services;
        } else {
            if (client instanceof OAuth10Client oauth1) {
                oauth1.getConfiguration().setHttpClientConfig(ProviderHttp.config(connectTimeout, readTimeout));
            }
            client.init();
            preset.afterInit(client);
            // After init, so that the document is read against the client's final settings.
            if (client instanceof OidcClient oidc && oidc.getConfiguration().getOpMetadataResolver() instanceof OidcDiscovery discovery) {
                discovery.prefetch();
            }
            return null;
        }
    }

    public Optional<LoginProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public Collection<LoginProvider> all() {
        return providers.values();
    }

    /**
     * Every other site's endpoint a form may be redirected to, known now, for the page policy: the
     * authorization endpoints (Connect), and the end_session endpoints of providers that logout also
     * ends the session at (Log out). Asked on each response, so it never waits.
     */
    public List<String> authorizationEndpoints() {
        return providers.values().stream().flatMap(p -> java.util.stream.Stream.concat(p.authorizationEndpoint().stream(),
                        p.logoutEndpoint().stream()))
                .filter(url -> !url.startsWith(baseUrl + "/")).toList(); // the embedded simulator is 'self'
    }
}
