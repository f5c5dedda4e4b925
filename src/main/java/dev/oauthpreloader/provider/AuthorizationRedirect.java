package dev.oauthpreloader.provider;

import java.util.Map;

/** Where to send the browser, and what the session must keep until the callback comes back. */
public record AuthorizationRedirect(String location, Map<String, String> keep) {

    public AuthorizationRedirect {
        keep = Map.copyOf(keep);
    }
}
