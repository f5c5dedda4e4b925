package dev.oauthpreloader.account;

/**
 * What the account page says about an identity's kept token, read from identity_token's plain
 * columns (expiry, needs_login, the row's existence) without decrypting anything.
 */
public enum TokenStatus {
    /** No identity_token row: nothing was kept for this identity (yet). */
    NOT_KEPT,
    /** The provider refused a refresh: only a new login brings a usable token. */
    NEEDS_LOGIN,
    /** Past its access_expires_at. */
    EXPIRED,
    /** Before its access_expires_at. */
    VALID,
    /** access_expires_at is null: a token that never expires, such as Twitter's OAuth 1.0a tokens. */
    DOES_NOT_EXPIRE
}
