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
        Long consumedAt) {

    public boolean isFinished() {
        return status != OperationStatus.PENDING;
    }
}
