package dev.oauthpreloader.ops;

import dev.oauthpreloader.operation.StageTimings;

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

    public boolean isError() {
        return "error".equals(status);
    }

    /** Enough of the public id to find the operation's log lines (op=...) with grep. */
    public String shortId() {
        return publicId.length() > 12 ? publicId.substring(0, 12) : publicId;
    }
}
