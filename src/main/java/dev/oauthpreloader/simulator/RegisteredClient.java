package dev.oauthpreloader.simulator;

import java.util.List;

/** A client the simulator knows: its credentials and the redirect URIs it may use, compared exactly. */
public record RegisteredClient(String id, String secret, List<String> redirectUris) {

    public RegisteredClient {
        redirectUris = List.copyOf(redirectUris);
    }

    public boolean allows(String redirectUri) {
        return redirectUri != null && redirectUris.contains(redirectUri);
    }
}
