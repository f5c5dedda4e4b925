package dev.oauthpreloader.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.Stage;

/**
 * The JSON /get-status answers: the article's pending / ok / error, plus what the preloader shows.
 * {@code next} is where the page should go once the operation is finished.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusReport(
        String status,
        String stage,
        String stageText,
        long elapsedMs,
        long deadlineMs,
        String reason,
        String message,
        String next) {

    /**
     * A login whose exchange was handed to the executor a moment ago. Shown as exchanging the code, as
     * the page shows a queued one: it starts at once unless the node is at its limit.
     */
    static StatusReport justStarted(long deadlineMs) {
        Stage shown = Stage.EXCHANGING_CODE;
        return new StatusReport("pending", shown.code, shown.description, 0, deadlineMs, null, null, null);
    }

    static StatusReport of(Operation op, long now) {
        long end = op.finishedAt() != null ? op.finishedAt() : now;
        String id = op.publicId();
        return switch (op.status()) {
            case PENDING -> new StatusReport("pending", op.stage().code, op.stage().description,
                    end - op.createdAt(), op.deadlineAt() - op.createdAt(), null, null, null);
            case OK -> new StatusReport("ok", op.stage().code, op.stage().description,
                    end - op.createdAt(), op.deadlineAt() - op.createdAt(), null, null, "/success?op=" + id);
            case ERROR -> new StatusReport("error", op.stage().code, op.stage().description,
                    end - op.createdAt(), op.deadlineAt() - op.createdAt(), op.failure().code, op.failure().message,
                    "/error?op=" + id);
        };
    }
}
