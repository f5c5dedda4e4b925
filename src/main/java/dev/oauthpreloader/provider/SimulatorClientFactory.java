package dev.oauthpreloader.provider;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pac4j.oauth.client.GenericOAuth20Client;

/**
 * The client for the built-in simulated provider: pac4j's generic OAuth 2.0 client, reaching the
 * simulator over real HTTP exactly as it would reach any standards-compliant provider.
 */
final class SimulatorClientFactory {

    private SimulatorClientFactory() {
    }

    static GenericOAuth20Client create(Config config) {
        String base = config.baseUrl() + SimulatorRoutes.PATH;
        GenericOAuth20Client client = new GenericOAuth20Client();
        client.setName("simulator");
        client.setKey(SimulatorRoutes.CLIENT_ID);
        client.setSecret(SimulatorRoutes.CLIENT_SECRET);
        client.setAuthUrl(base + "/authorize");
        client.setTokenUrl(base + "/token");
        client.setProfileUrl(base + "/userinfo");
        client.setScope("openid profile email");
        client.setProfileId("sub");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("first_name", "given_name");
        attributes.put("family_name", "family_name");
        attributes.put("email", "email");
        attributes.put("email_verified", "Boolean|email_verified");
        client.setProfileAttrs(attributes);
        return client;
    }
}
