package dev.oauthpreloader.operation;

/**
 * A login attempt failed for a reason we could name. Its message is the reason's code only:
 * provider bodies and URLs may carry codes or tokens and never reach a log from here.
 */
public final class ExchangeFailure extends RuntimeException {

    public final FailureReason reason;

    public ExchangeFailure(FailureReason reason) {
        this(reason, null);
    }

    /** @param cause kept for the log's chain of class names, never for its message */
    public ExchangeFailure(FailureReason reason, Throwable cause) {
        super(reason.code, cause, false, false);
        this.reason = reason;
    }
}
