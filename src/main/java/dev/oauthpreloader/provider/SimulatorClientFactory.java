package dev.oauthpreloader.provider;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.simulator.SimulatorChoice;
import dev.oauthpreloader.simulator.SimulatorRoutes;

/**
 * The built-in simulated provider is configured like any generic OAuth 2.0 provider, so the
 * demo exercises exactly the client code a real provider would.
 */
final class SimulatorClientFactory {

    private SimulatorClientFactory() {
    }

    static OAuth2ProviderSettings settings(Config config) {
        String base = config.baseUrl() + SimulatorRoutes.PATH;
        return new OAuth2ProviderSettings(SimulatorChoice.PROVIDER, "Simulated provider",
                SimulatorRoutes.CLIENT_ID, SimulatorRoutes.CLIENT_SECRET,
                base + "/authorize", base + "/token", base + "/userinfo", "openid profile email",
                "sub", "email", "email_verified", "given_name", "family_name", false, base);
    }
}
