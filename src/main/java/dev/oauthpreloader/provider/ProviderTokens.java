package dev.oauthpreloader.provider;

/**
 * What a provider handed over with a login or a refresh: secrets, so {@link #toString} shows none.
 *
 * @param accessToken      the bearer token (OAuth 2.0) or the access token (OAuth 1.0a)
 * @param refreshToken     for the refresh grant; null when the provider gave none
 * @param tokenSecret      OAuth 1.0a's token secret; null for OAuth 2.0
 * @param expiresInSeconds the access token's lifetime from now; null when it does not expire or the provider did not say
 * @param scopes           the scopes granted, space-separated, when the provider said
 */
public record ProviderTokens(String accessToken, String refreshToken, String tokenSecret, Long expiresInSeconds,
                             String scopes) {

    @Override
    public String toString() {
        return "ProviderTokens[access " + (accessToken == null ? "none" : "present") + ", refresh "
                + (refreshToken == null ? "none" : "present") + ", expiresIn=" + expiresInSeconds + "]";
    }
}
