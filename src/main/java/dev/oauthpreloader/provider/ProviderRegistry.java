package dev.oauthpreloader.provider;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.Tokens;
import dev.oauthpreloader.simulator.SimulatorChoice;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.http.callback.NoParameterCallbackUrlResolver;
import org.pac4j.oauth.client.OAuth10Client;
import org.pac4j.oauth.client.OAuth20Client;
import org.pac4j.oidc.client.OidcClient;

/**
 * Every provider this service offers, each a pac4j client with its own redirect URI
 * ({@code BASE_URL/callback/<name>}): a code delivered to one provider's callback can never be
 * redeemed through another's client (the OAuth mix-up defence).
 */
public final class ProviderRegistry {

    private final Map<String, LoginProvider> providers = new LinkedHashMap<>();

    public ProviderRegistry(Config config) {
        if (config.simulatorEnabled()) {
            OAuth2ProviderSettings simulator = SimulatorClientFactory.settings(config);
            add(config, simulator.label(), GenericOAuth2ClientFactory.create(simulator), simulator.issuer(),
                    (location, loginParameter) -> SimulatorChoice.parse(loginParameter).appendTo(location));
        }
        config.oauth2Providers().forEach(settings ->
                add(config, settings.label(), GenericOAuth2ClientFactory.create(settings), settings.issuer(), Pac4jProvider.RedirectHook.NONE));
        config.oidcProviders().forEach(settings -> add(config, settings.label(),
                OidcClientFactory.create(settings, config.providerConnectTimeout(), config.loginDeadline()), null, Pac4jProvider.RedirectHook.NONE));
        if (config.github() != null) add(config, "GitHub", GitHubClientFactory.create(config.github()), null, Pac4jProvider.RedirectHook.NONE);
        if (config.facebook() != null) add(config, "Facebook", FacebookClientFactory.create(config.facebook()), null, Pac4jProvider.RedirectHook.NONE);
        if (config.twitter() != null) add(config, "Twitter", TwitterClientFactory.create(config.twitter()), null, Pac4jProvider.RedirectHook.NONE);
    }

    /**
     * @param issuer what the provider names in {@code iss} on its redirects (RFC 9207), checked by the
     *               callback; null where unknown. pac4j-oidc checks its own against the discovery document.
     */
    private void add(Config config, String label, IndirectClient client, String issuer, Pac4jProvider.RedirectHook hook) {
        client.setCallbackUrl(config.baseUrl() + "/callback/" + client.getName());
        client.setCallbackUrlResolver(new NoParameterCallbackUrlResolver());
        // pac4j answers a second /login with 401 until the first one's callback arrives; a person
        // who abandoned a login and clicks again must simply get a fresh one.
        client.setCheckAuthenticationAttempt(false);
        if (client instanceof OAuth20Client oauth2) {
            var configuration = oauth2.getConfiguration();
            configuration.setStateGenerator(ctx -> Tokens.random()); // pac4j's default has only 40 bits
            configuration.setHttpClientConfig(ProviderHttp.config(config.providerConnectTimeout(), config.loginDeadline()));
            ReusedOAuth20Service services = new ReusedOAuth20Service(configuration, oauth2);
            oauth2.setRedirectionActionBuilder(new PkceAuthorizationRedirect(services, oauth2));
            oauth2.setAuthenticator(new PkceCodeExchange(services, oauth2));
            client.init();
            // After init: the generic client's init copies its own withState (false by default) over ours.
            configuration.setWithState(true);
        } else {
            if (client instanceof OAuth10Client oauth1) {
                oauth1.getConfiguration().setHttpClientConfig(
                        ProviderHttp.config(config.providerConnectTimeout(), config.loginDeadline()));
            }
            client.init();
            // After init, so that the document is read against the client's final settings.
            if (client instanceof OidcClient oidc && oidc.getConfiguration().getOpMetadataResolver() instanceof OidcDiscovery discovery) {
                discovery.prefetch();
            }
        }
        providers.put(client.getName(), new Pac4jProvider(label, client, issuer, hook));
    }

    public Optional<LoginProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public Collection<LoginProvider> all() {
        return providers.values();
    }
}
