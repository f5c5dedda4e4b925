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
}
