package dev.oauthpreloader.exchange;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.account.ProviderIdentity;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.Stage;
import dev.oauthpreloader.operation.StageTimings;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.provider.ExchangeResult;
import dev.oauthpreloader.token.TokenStore;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background half of a login: the provider trades the code for the person's identity, the
 * identity becomes an account, its tokens are kept (sealed), and the row becomes ok or error, in
 * one transaction. The stages in between are told to the {@link StatusWatch} only: one write per
 * login, not one per stage.
 */
public final class ExchangeWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeWorker.class);
    private static final int SAVE_ATTEMPTS = 3;

    private final OperationStore operations;
    private final AccountStore accounts;
    private final StatusWatch watch;
    private final TokenStore tokens;
    private final Clock clock;
    /** The Jdbi the three stores use: their statements join the transaction it opens on this thread. */
    private final Jdbi jdbi;

    public ExchangeWorker(Jdbi jdbi, OperationStore operations, AccountStore accounts, TokenStore tokens, StatusWatch watch, Clock clock) {
        this.jdbi = jdbi;
        this.operations = operations;
        this.accounts = accounts;
        this.tokens = tokens;
        this.watch = watch;
        this.clock = clock;
    }

    /** Before the job is queued: from here on a poll reads its progress from memory. */
    public void queued(ExchangeJob job, String sessionBinding, long createdAt, long deadlineAt) {
        watch.track(Operation.pending(job.publicId(), job.provider().name(), sessionBinding, createdAt, deadlineAt));
    }

    public void run(ExchangeJob job) {
        StageStopwatch stopwatch = new StageStopwatch(job.queuedAtNanos());
        try {
            Optional<ExchangeResult> result = job.provider().exchange(job.callback(), stage -> enter(job, stage, stopwatch));
            if (result.isEmpty() || !enter(job, Stage.SAVING, stopwatch)) return;
            ProviderIdentity identity = result.get().identity();
            long now = clock.millis();
            TokenStore.Sealing sealing = tokens.seal(identity, result.get().tokens(), now).orElse(null);
            Saved saved = save(job, identity, sealing, now, stopwatch);
            if (saved.userId() != null) {
                watch.finished(job.publicId(), saved.userId(), null, saved.finishedAt());
                LOG.info("op={} ok provider={} {}", job.publicId(), job.provider().name(), saved.timings());
            } else {
                endedElsewhere(job, Stage.SAVING, saved.timings());
                LOG.info("op={} already finished elsewhere (deadline or shutdown)", job.publicId());
            }
        } catch (RuntimeException | StackOverflowError e) {
            FailureReason reason = e instanceof ExchangeFailure known ? known.reason : FailureReason.INTERNAL;
            // A shutdown interrupts exchanges still waiting on a provider: say so, not "unreachable".
            if (Thread.currentThread().isInterrupted()) reason = FailureReason.INTERRUPTED;
            Stage stage = stopwatch.current();
            StageTimings completed = stopwatch.completed();
            StageTimings timings = stopwatch.stop();
            // Only class names: messages from the protocol libraries can quote tokens and response bodies.
            LOG.info("op={} failed at {}: {} provider={} {} ({})", job.publicId(), stage.code, reason.code,
                    job.provider().name(), timings, causeChain(e));
            long finishedAt = clock.millis();
            if (operations.fail(job.publicId(), reason, stage, finishedAt, timings)) {
                watch.finished(job.publicId(), null, reason, finishedAt);
            } else {
                endedElsewhere(job, stage, completed); // the stage that hung has no time
            }
        } finally {
            // Stopped early, or the row could not be written: whatever the row says is the truth.
            if (watch.live(job.publicId()).filter(op -> !op.isFinished()).isPresent()) watch.changed(job.publicId());
        }
    }

    /** What the save did: the account (null when the row was ended meanwhile and nothing was kept), and the times written. */
    private record Saved(Long userId, StageTimings timings, long finishedAt) {
    }

    /**
     * The account, the tokens and the outcome in one transaction: one commit instead of three, and
     * all or nothing. A login that a cancel, the reaper or a shutdown ended meanwhile keeps no
     * account and no tokens. A first login that lost the race for its identity to a simultaneous
     * one is rolled back and saved again, and then finds the winner's account.
     */
    private Saved save(ExchangeJob job, ProviderIdentity identity, TokenStore.Sealing sealing, long now, StageStopwatch stopwatch) {
        for (int attempt = 1; ; attempt++) {
            Optional<Saved> saved = jdbi.inTransaction(h -> {
                Optional<Long> userId = job.connectTo() == null ? accounts.findOrCreate(identity, now)
                        : Optional.of(accounts.connect(identity, job.connectTo(), now)
                                .orElseThrow(() -> new ExchangeFailure(FailureReason.IDENTITY_TAKEN)));
                if (userId.isEmpty()) {
                    h.rollback();
                    return Optional.<Saved>empty();
                }
                if (sealing != null) tokens.keep(sealing);
                StageTimings timings = stopwatch.untilNow();
                long finishedAt = clock.millis();
                if (operations.succeed(job.publicId(), userId.get(), finishedAt, timings)) {
                    return Optional.of(new Saved(userId.get(), timings, finishedAt));
                }
                h.rollback();
                return Optional.of(new Saved(null, timings, finishedAt));
            });
            if (saved.isPresent()) return saved.get();
            if (attempt >= SAVE_ATTEMPTS) throw new IllegalStateException("the identity's insert kept conflicting");
        }
    }

    /** Its final write lost to a cancel, the reaper or a shutdown: the row's outcome stands, with how far the worker got. */
    private void endedElsewhere(ExchangeJob job, Stage reached, StageTimings timings) {
        watch.changed(job.publicId());
        operations.recordReached(job.publicId(), reached, timings);
    }

    /** The job could not be queued in time: the operation fails as busy, and its page learns so from the row. */
    public void refuse(ExchangeJob job, long now) {
        operations.fail(job.publicId(), FailureReason.BUSY, now);
        watch.changed(job.publicId());
    }

    /**
     * Starts the next stage, in memory only; false if the operation was ended meanwhile (a cancel,
     * the reaper, a shutdown): the worker then stops, and records on the row only the stage it reached.
     */
    private boolean enter(ExchangeJob job, Stage stage, StageStopwatch stopwatch) {
        Stage running = stopwatch.current();
        StageTimings timings = stopwatch.next(stage);
        if (watch.advance(job.publicId(), stage)) return true;
        LOG.info("op={} stopped before {}: already finished elsewhere (deadline or shutdown)", job.publicId(), stage.code);
        operations.recordReached(job.publicId(), running, timings);
        return false;
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 300; t = t.getCause()) {
            if (t instanceof ExchangeFailure && t.getCause() != null) continue; // the reason is logged already
            if (chain.length() > 0) chain.append(" <- ");
            chain.append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
