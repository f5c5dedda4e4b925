package dev.oauthpreloader.token;

import dev.oauthpreloader.provider.ProviderTokens;

/**
 * One identity_token row, opened. {@code tokens} is null when the row did not open (tampered, or
 * sealed under a key that is gone): an error for this identity only, the rest of the service goes on.
 *
 * @param accessExpiresAt epoch ms; null for a token that does not expire (Twitter's OAuth 1.0a)
 * @param updatedAt       the row's version: a refresh writes back only over the row it read
 */
public record KeptToken(long identityId, String provider, String providerUserId, long userProfileId, ProviderTokens tokens,
                        Long accessExpiresAt, boolean needsLogin, long updatedAt) {

    public boolean readable() {
        return tokens != null;
    }

    /** Usable without asking the provider: readable, not refused, and valid for at least {@code skewMillis} more. */
    public boolean validAt(long now, long skewMillis) {
        return readable() && !needsLogin && (accessExpiresAt == null || accessExpiresAt > now + skewMillis);
    }
}
