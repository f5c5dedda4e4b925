package dev.oauthpreloader.login;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.account.ProviderIdentity;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.Stage;
import dev.oauthpreloader.operation.StageTimings;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.provider.FailureClassifier;
import dev.oauthpreloader.provider.ProfileMapping;
import java.time.Clock;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.profile.UserProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background half of a login: code for token, token for profile, profile for account, then
 * the row becomes ok or error. Each step first moves the row to its stage; if that fails the
 * reaper has already ended the operation, and the worker stops without touching it again.
 */
final class ExchangeWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeWorker.class);

    private final OperationStore operations;
    private final AccountStore accounts;
    private final StatusWatch watch;
    private final Clock clock;

    ExchangeWorker(OperationStore operations, AccountStore accounts, StatusWatch watch, Clock clock) {
        this.operations = operations;
        this.accounts = accounts;
        this.watch = watch;
        this.clock = clock;
    }

    void run(ExchangeJob job) {
        Stage stage = Stage.EXCHANGING_CODE;
        StageStopwatch stopwatch = new StageStopwatch(job.queuedAtNanos());
        try {
            IndirectClient client = job.provider().client();
            CallContext call = job.context().callContext();
            if (!enter(job, stage, stopwatch)) return;
            Credentials withToken = client.validateCredentials(call, job.credentials())
                    .orElseThrow(() -> new ExchangeFailure(FailureReason.TOKEN_ERROR));

            stage = Stage.FETCHING_PROFILE;
            if (!enter(job, stage, stopwatch)) return;
            UserProfile profile = client.getUserProfile(call, withToken)
                    .orElseThrow(() -> new ExchangeFailure(FailureReason.MISSING_PROFILE));

            stage = Stage.SAVING;
            if (!enter(job, stage, stopwatch)) return;
            ProviderIdentity identity = ProfileMapping.toIdentity(job.provider().name(), profile);
            long userId = job.connectTo() == null ? accounts.findOrCreate(identity, clock.millis())
                    : accounts.connect(identity, job.connectTo(), clock.millis())
                            .orElseThrow(() -> new ExchangeFailure(FailureReason.IDENTITY_TAKEN));
            StageTimings timings = stopwatch.stop();
            if (operations.succeed(job.publicId(), userId, clock.millis(), timings)) {
                LOG.info("op={} ok provider={} {}", job.publicId(), job.provider().name(), timings);
            } else {
                LOG.info("op={} already finished elsewhere (deadline or shutdown)", job.publicId());
            }
        } catch (Exception | StackOverflowError e) {
            FailureReason reason = FailureClassifier.classify(e, stage);
            // Only class names: messages from pac4j and ScribeJava can quote tokens and response bodies.
            StageTimings timings = stopwatch.stop();
            LOG.info("op={} failed at {}: {} provider={} {} ({})", job.publicId(), stage.code, reason.code,
                    job.provider().name(), timings, causeChain(e));
            operations.fail(job.publicId(), reason, clock.millis(), timings);
        } finally {
            watch.changed(job.publicId());
        }
    }

    /** Ends the running stage and records it; the advance write itself counts to the new stage. */
    private boolean enter(ExchangeJob job, Stage stage, StageStopwatch stopwatch) {
        boolean stillPending = operations.advance(job.publicId(), stage, stopwatch.next(stage));
        if (stillPending) {
            watch.changed(job.publicId());
        } else {
            LOG.info("op={} stopped before {}: already finished elsewhere (deadline or shutdown)", job.publicId(), stage.code);
        }
        return stillPending;
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 300; t = t.getCause()) {
            if (chain.length() > 0) chain.append(" <- ");
            chain.append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
