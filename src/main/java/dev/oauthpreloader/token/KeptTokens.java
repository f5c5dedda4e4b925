package dev.oauthpreloader.token;

import java.time.Clock;
import java.util.Optional;

/**
 * What other parts of the service may ask of the kept tokens, without ever calling a provider:
 * the forward-auth endpoint's access-token header.
 */
public final class KeptTokens {

    /** A token this close to its expiry is not handed out: the application could not use it in time. */
    static final long SKEW_MILLIS = 30_000;

    private final TokenStore store;
    private final Clock clock;

    public KeptTokens(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * This person's access token at {@code provider}, if one is kept, opens, is not marked
     * needs_login and stays valid for at least 30 s more (a token that does not expire, such as
     * Twitter's, always does). Reads the database only; never calls the provider, never refreshes.
     */
    public Optional<String> currentAccessToken(long userProfileId, String provider) {
        return store.find(userProfileId, provider)
                .filter(kept -> kept.validAt(clock.millis(), SKEW_MILLIS))
                .map(kept -> kept.tokens().accessToken());
    }
}
