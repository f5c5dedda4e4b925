package dev.oauthpreloader.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.Stage;
import dev.oauthpreloader.operation.StageTimings;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.provider.FreshProfile;
import dev.oauthpreloader.provider.LoginProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Show what the provider says now": the background half. The worker takes the person's kept
 * token (refreshed first if it is near expiry, within this operation's deadline), fetches the
 * profile, keeps it sealed in fresh_profile for the page, and ends the operation ok or error, as
 * an exchange does. The request that asked only recorded the operation and showed the preloader.
 */
public final class FreshProfiles {

    private static final Logger LOG = LoggerFactory.getLogger(FreshProfiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final TokenStore tokens;
    private final TokenRefresher refresher;
    private final Sealer sealer;
    private final OperationStore operations;
    private final StatusWatch watch;
    private final Clock clock;

    public FreshProfiles(Jdbi jdbi, TokenStore tokens, TokenRefresher refresher, Sealer sealer, OperationStore operations,
                         StatusWatch watch, Clock clock) {
        this.jdbi = jdbi;
        this.tokens = tokens;
        this.refresher = refresher;
        this.sealer = sealer;
        this.operations = operations;
        this.watch = watch;
        this.clock = clock;
    }

    /** Runs in a worker: fetches for operation {@code publicId} and ends it. */
    public void run(String publicId, long userProfileId, LoginProvider provider) {
        FailureReason failure = null;
        Throwable cause = null;
        try {
            if (!operations.advance(publicId, Stage.FETCHING_PROFILE, StageTimings.NONE)) return; // ended elsewhere
            watch.changed(publicId);
            KeptToken kept = tokens.find(userProfileId, provider.name())
                    .map(refresher::refreshIfDue)
                    .filter(k -> k.validAt(clock.millis(), 0))
                    .orElseThrow(() -> new ExchangeFailure(FailureReason.NEEDS_LOGIN));
            FreshProfile profile = provider.freshProfile(kept.tokens().accessToken());
            keep(publicId, profile);
        } catch (ExchangeFailure e) {
            failure = e.reason;
            cause = e.getCause();
        } catch (RuntimeException e) {
            failure = FailureReason.INTERNAL;
            cause = e;
        }
        if (Thread.currentThread().isInterrupted()) failure = FailureReason.INTERRUPTED;
        if (operations.finishFresh(publicId, failure, clock.millis())) {
            // Only a class name: messages from the protocol libraries can quote tokens.
            LOG.info("op={} fresh profile {} provider={}{}", publicId, failure == null ? "ok" : "failed: " + failure.code,
                    provider.name(), cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
        }
        watch.changed(publicId);
    }

    /** The profile a finished operation fetched, if it is kept and opens. */
    public Optional<FreshProfile> find(String publicId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT key_id, sealed FROM fresh_profile WHERE public_id = :id")
                .bind("id", publicId).map((rs, ctx) -> {
                    try {
                        byte[] plain = sealer.open(rs.getString("key_id"), rs.getBytes("sealed"), associatedData(publicId));
                        return Optional.of(JSON.readValue(plain, FreshProfile.class));
                    } catch (Sealer.Unreadable | IOException e) {
                        LOG.warn("op={} fresh profile is unreadable", publicId);
                        return Optional.<FreshProfile>empty();
                    }
                }).findOne().flatMap(found -> found));
    }

    private void keep(String publicId, FreshProfile profile) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(profile);
        } catch (IOException e) {
            throw new IllegalStateException("a record of strings always serialises", e);
        }
        Sealer.Sealed sealed = sealer.seal(json, associatedData(publicId));
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO fresh_profile (public_id, key_id, sealed, created_at) VALUES (:id, :key, :sealed, :now)""")
                .bind("id", publicId).bind("key", sealed.keyId()).bind("sealed", sealed.bytes()).bind("now", clock.millis())
                .execute());
    }

    private static byte[] associatedData(String publicId) {
        return ("fresh_profile\n" + publicId).getBytes(StandardCharsets.UTF_8);
    }
}
