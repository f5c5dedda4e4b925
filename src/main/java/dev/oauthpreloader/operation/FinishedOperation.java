package dev.oauthpreloader.operation;

/**
 * An operation as the write that ended it left it: outcome, reason and stage timings, handed to
 * {@link OperationEvents} so that nothing has to read back the row it was just told about.
 */
public record FinishedOperation(String publicId, String provider, OperationStatus status, FailureReason reason,
                                long createdAt, long finishedAt, StageTimings timings) {

    public long totalMs() {
        return finishedAt - createdAt;
    }
}
