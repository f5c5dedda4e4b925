package dev.oauthpreloader.operation;

/**
 * A login attempt failed for a reason we could name. Its message is the reason's code only:
 * provider bodies and URLs may carry codes or tokens and never reach a log from here.
 */
public final class ExchangeFailure extends RuntimeException {

    public final FailureReason reason;

    public ExchangeFailure(FailureReason reason) {
        super(reason.code, null, false, false);
        this.reason = reason;
    }
}
