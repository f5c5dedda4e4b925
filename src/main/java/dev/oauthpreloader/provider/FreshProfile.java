package dev.oauthpreloader.provider;

/**
 * What the provider says about the person now, fetched with the kept access token; any field may
 * be null when the provider does not say.
 */
public record FreshProfile(String providerUserId, String displayName, String username, String firstName,
                           String lastName, String email, Boolean emailVerified) {
}
