package dev.oauthpreloader.account;

/**
 * One provider connected to an account, as the account page shows it.
 *
 * @param lastUsedAt     the last login or connect through it (its creation, for rows older than last_used_at)
 * @param tokenKept      whether an identity_token row exists
 * @param tokenExpiresAt the access token's expiry; null when it never expires or none is kept
 * @param needsLogin     the provider refused to refresh the token
 */
public record Connection(String provider, long lastUsedAt, boolean tokenKept, Long tokenExpiresAt, boolean needsLogin) {

    public TokenStatus tokenStatus(long now) {
        if (!tokenKept) return TokenStatus.NOT_KEPT;
        if (needsLogin) return TokenStatus.NEEDS_LOGIN;
        if (tokenExpiresAt == null) return TokenStatus.DOES_NOT_EXPIRE;
        return tokenExpiresAt <= now ? TokenStatus.EXPIRED : TokenStatus.VALID;
    }
}
