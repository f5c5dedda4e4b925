package dev.oauthpreloader.token;

import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.provider.RefreshOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes kept access tokens before they expire, in the background: each {@link #run} (on its own
 * scheduler, never a request thread) claims the rows due within TOKEN_REFRESH_BEFORE_SECONDS and
 * refreshes them on at most TOKEN_REFRESH_CONCURRENCY threads, each call bounded by the provider
 * timeouts. A refusal marks the identity needs_login; anything else is tried again later.
 */
public final class TokenRefresher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);
    /** Rows looked at per cycle: the next cycle takes the rest. */
    static final int BATCH = 200;
    /** After a failure that may pass (unreachable, 5xx), the row waits this long before the next try. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final TokenStore store;
    private final ProviderRegistry providers;
    private final Clock clock;
    private final Duration refreshBefore;
    private final Duration lease;
    private final ExecutorService pool;

    /** @param callTimeout the longest one provider call may take (connect plus read): a claim lasts twice that */
    public TokenRefresher(TokenStore store, ProviderRegistry providers, Clock clock, TokenSettings settings, Duration callTimeout) {
        this.store = store;
        this.providers = providers;
        this.clock = clock;
        this.refreshBefore = settings.refreshBefore();
        this.lease = callTimeout.multipliedBy(2);
        this.pool = Executors.newFixedThreadPool(settings.refreshConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "token-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One cycle: refresh whatever is due, then return (the scheduler calls it again after a pause). */
    @Override
    public void run() {
        try {
            long now = clock.millis();
            List<Callable<Void>> due = new ArrayList<>();
            for (long identityId : store.dueForRefresh(now, now + refreshBefore.toMillis(), BATCH)) {
                if (!store.claimRefresh(identityId, now, now + lease.toMillis())) continue; // another node has it
                due.add(() -> {
                    store.find(identityId).ifPresent(this::refreshClaimed);
                    return null;
                });
            }
            if (!due.isEmpty()) pool.invokeAll(due, lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("token refresh cycle failed: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Refreshes this row now if it is due, for a caller that already runs in the background with a
     * deadline (fresh data). Returns the row as it is afterwards.
     */
    public KeptToken refreshIfDue(KeptToken kept) {
        long now = clock.millis();
        if (!kept.readable() || kept.needsLogin() || kept.accessExpiresAt() == null
                || kept.accessExpiresAt() > now + refreshBefore.toMillis()) {
            return kept;
        }
        if (!store.claimRefresh(kept.identityId(), now, now + lease.toMillis())) return kept; // the refresher has it
        refreshClaimed(kept);
        return store.find(kept.identityId()).orElse(kept);
    }

    private void refreshClaimed(KeptToken kept) {
        long now = clock.millis();
        if (!kept.readable()) {
            store.markNeedsLogin(kept.identityId(), now); // logged where it failed to open; only a new login replaces it
            return;
        }
        Optional<LoginProvider> provider = providers.find(kept.provider());
        String refreshToken = kept.tokens().refreshToken();
        if (provider.isEmpty() || refreshToken == null) {
            nothingToRefreshWith(kept, now);
            return;
        }
        RefreshOutcome outcome = provider.get().refresh(refreshToken);
        long after = clock.millis();
        switch (outcome) {
            case RefreshOutcome.Refreshed refreshed -> {
                if (store.saveRefreshed(kept, refreshed.tokens(), after)) {
                    LOG.info("refreshed the token of identity {} ({})", kept.identityId(), kept.provider());
                }
            }
            case RefreshOutcome.Refused refused -> {
                store.markNeedsLogin(kept.identityId(), after);
                LOG.info("identity {} ({}) needs a new login: the provider refused the refresh", kept.identityId(), kept.provider());
            }
            case RefreshOutcome.Failed failed -> {
                store.retryAt(kept.identityId(), after + RETRY_AFTER.toMillis());
                LOG.info("refresh of identity {} ({}) failed, retrying in {} s: {}", kept.identityId(), kept.provider(),
                        RETRY_AFTER.toSeconds(), failed.why());
            }
            case RefreshOutcome.Unsupported unsupported -> nothingToRefreshWith(kept, after);
        }
    }

    /** Without a refresh token (or its provider), the token is good until it expires, and then needs a login. */
    private void nothingToRefreshWith(KeptToken kept, long now) {
        if (kept.accessExpiresAt() != null && kept.accessExpiresAt() <= now) {
            store.markNeedsLogin(kept.identityId(), now);
        } else {
            store.retryAt(kept.identityId(), kept.accessExpiresAt() == null ? Long.MAX_VALUE : kept.accessExpiresAt());
        }
    }

    public void shutdown() {
        pool.shutdownNow();
    }
}
