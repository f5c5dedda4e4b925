package dev.oauthpreloader.operation;

/** One async_operation row: a login attempt, as its owner's session sees it. */
public record Operation(
        String publicId,
        OperationStatus status,
        String provider,
        Stage stage,
        FailureReason failure,
        Long userProfileId,
        String sessionBinding,
        long createdAt,
        long deadlineAt,
        Long finishedAt,
        Long consumedAt,
        String purpose) {

    /** async_operation.purpose of a login or connect. */
    public static final String LOGIN = "login";
    /** async_operation.purpose of "show what the provider says now": it fetches, and never logs in. */
    public static final String FRESH = "fresh";

    public boolean isFresh() {
        return FRESH.equals(purpose);
    }

    public boolean isFinished() {
        return status != OperationStatus.PENDING;
    }

    /** A pending operation just inserted, as its row reads. */
    public static Operation pending(String publicId, String provider, String sessionBinding, long createdAt, long deadlineAt) {
        return new Operation(publicId, OperationStatus.PENDING, provider, Stage.QUEUED, null, null, sessionBinding,
                createdAt, deadlineAt, null, null, LOGIN);
    }

    /** The same operation at another stage. */
    public Operation at(Stage next) {
        return new Operation(publicId, status, provider, next, failure, userProfileId, sessionBinding, createdAt, deadlineAt,
                finishedAt, consumedAt, purpose);
    }

    /** The same operation ended by its worker: ok for {@code userId}, or failed with {@code reason} at its stage. */
    public Operation ended(Long userId, FailureReason reason, long now) {
        return reason == null
                ? new Operation(publicId, OperationStatus.OK, provider, Stage.DONE, null, userId, sessionBinding, createdAt,
                        deadlineAt, now, consumedAt, purpose)
                : new Operation(publicId, OperationStatus.ERROR, provider, stage, reason, null, sessionBinding, createdAt,
                        deadlineAt, now, consumedAt, purpose);
    }
}
