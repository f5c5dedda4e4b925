package dev.oauthpreloader.account;

/** How a request to disconnect a provider from an account ended. */
public enum Disconnection {
    /** Its identities are gone, and with them (ON DELETE CASCADE) their kept tokens. */
    DISCONNECTED,
    /** The account has no identity at that provider. */
    NOT_CONNECTED,
    /** Refused: it is the account's only provider, and without it nobody could log in to the account. */
    LAST_ONE
}
