package dev.oauthpreloader.provider;

/** What a provider answered to a refresh grant. */
public sealed interface RefreshOutcome {

    /** New tokens; a null refresh token in them means "keep the old one". */
    record Refreshed(ProviderTokens tokens) implements RefreshOutcome {
    }

    /** The provider refused the refresh token (invalid_grant): only a new login brings a usable token. */
    record Refused() implements RefreshOutcome {
    }

    /** No answer worth acting on (unreachable, timeout, 5xx, unparsable): try again later. */
    record Failed(String why) implements RefreshOutcome {
    }

    /** This provider's tokens cannot be refreshed here (OAuth 1.0a: they do not expire). */
    record Unsupported() implements RefreshOutcome {
    }
}
