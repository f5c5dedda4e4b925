package dev.oauthpreloader.provider;

import dev.oauthpreloader.operation.FailureReason;

/** What a provider's redirect back to us amounts to, decided before anything is queued. */
public sealed interface CallbackVerdict {

    /** A code (or OAuth 1.0a verifier) for this very login: worth an exchange. */
    record Accepted(ExchangeTicket ticket) implements CallbackVerdict {
    }

    /** Not an answer to a login this browser started, or unusable: a 400, and nothing is recorded. */
    record Refused(CallbackRefusal refusal) implements CallbackVerdict {
    }

    /** The person or the provider said no at the provider (error=, Facebook's error_reason, Twitter's denied=). */
    record Declined(FailureReason reason) implements CallbackVerdict {
    }
}
