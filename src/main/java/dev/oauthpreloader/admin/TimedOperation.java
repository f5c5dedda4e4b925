package dev.oauthpreloader.admin;

import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.StageTimings;
import dev.oauthpreloader.web.SupportReference;

/** One async_operation row as the operations view sees it: outcome, node and stage timings. */
public record TimedOperation(
        String publicId,
        String provider,
        String status,
        String stage,
        String reason,
        long createdAt,
        Long finishedAt,
        String nodeId,
        StageTimings timings) {

    /** Created to finished, in ms; null while pending. */
    public Long totalMs() {
        return finishedAt == null ? null : finishedAt - createdAt;
    }

    public boolean isOk() {
        return "ok".equals(status);
    }

    /** Ended in error for a reason other than the person's own cancel. */
    public boolean isError() {
        return "error".equals(status) && !isCancelled();
    }

    /** The person gave up (Cancel on the preloader, or cancel at the provider): not the provider's fault. */
    public boolean isCancelled() {
        return "error".equals(status) && FailureReason.CANCELLED.code.equals(reason);
    }

    /** Enough of the public id to find the operation's log lines (op=...) with grep. */
    public String shortId() {
        return SupportReference.of(publicId);
    }
}
