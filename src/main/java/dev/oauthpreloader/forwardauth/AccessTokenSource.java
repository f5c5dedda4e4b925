package dev.oauthpreloader.forwardauth;

import java.util.Optional;

/**
 * Where /auth finds the access token it passes on request (FORWARD_AUTH_PASS_ACCESS_TOKEN): the
 * provider token kept for the person's identity, if it is still valid. It is asked on every
 * request the proxy checks, so it must answer from what is stored and never call the provider; a
 * token near its expiry is the vault's to refresh in the background.
 */
@FunctionalInterface
public interface AccessTokenSource {

    /** The still-valid access token of {@code userProfileId}'s identity at {@code provider}, or empty. */
    Optional<String> currentAccessToken(long userProfileId, String provider);
}
