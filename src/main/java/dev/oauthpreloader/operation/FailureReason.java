package dev.oauthpreloader.operation;

/**
 * Why a login attempt ended in error, as a stable code for the database and metrics and a sentence
 * for the person waiting. Never carries provider text: that may echo codes or tokens.
 */
public enum FailureReason {
    CANCELLED("cancelled", "You cancelled the login, so nobody was logged in."),
    PROVIDER_REFUSED("provider_refused", "The provider refused the login request."),
    TOKEN_ERROR("token_error", "The provider failed while exchanging the login code. Please try again."),
    PROFILE_ERROR("profile_error", "The provider failed while sending your profile. Please try again."),
    BAD_RESPONSE("bad_response", "The provider answered with something we could not understand. Please try again."),
    UNREACHABLE("unreachable", "We could not reach the provider. Please try again in a moment."),
    TIMEOUT("timeout", "The provider did not answer in time. Please try again."),
    INVALID_ID_TOKEN("invalid_id_token", "The provider's proof of who you are failed our security checks, so nobody was logged in."),
    IDENTITY_TAKEN("identity_taken", "That account at the provider is already connected to another account here, "
            + "so it was not connected to yours. Log in with it to reach the account it belongs to."),
    MISSING_PROFILE("missing_profile", "The provider did not tell us who you are (no user id)."),
    BUSY("busy", "The service is busy right now. Please try again in a moment."),
    INTERRUPTED("interrupted", "The service restarted while you were logging in. Please log in again."),
    /** Another node took the callback and stopped answering its heartbeat: the exchange died with it. */
    NODE_LOST("node_lost", "The server handling your login stopped working before it finished. Please log in again."),
    /** Fresh data: no usable kept token (expired and the refresh refused, unreadable, or never kept). */
    NEEDS_LOGIN("needs_login", "Your sign-in at the provider has expired and could not be renewed, so we could not ask it. "
            + "Please log in with it again, then try once more."),
    INTERNAL("internal", "Something went wrong on our side. Please try again.");

    public final String code;
    public final String message;

    FailureReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public static FailureReason byCode(String code) {
        for (FailureReason reason : values()) if (reason.code.equals(code)) return reason;
        return INTERNAL;
    }
}
