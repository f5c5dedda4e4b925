package dev.oauthpreloader.provider;

import com.github.scribejava.core.exceptions.OAuthException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Stage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.pac4j.core.exception.HttpCommunicationException;
import org.pac4j.core.exception.TechnicalException;

/** Turns whatever a provider call threw into a reason a person can read. */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static FailureReason classify(Throwable failure, Stage stage) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ExchangeFailure known) return known.reason;
            // The JWKS could not be fetched: a network failure, classified by its cause below.
            if (t instanceof KeySourceException) continue;
            // The id_token's signature, issuer, audience, expiry or nonce did not check out.
            if (t instanceof BadJOSEException || t instanceof JOSEException || t instanceof java.text.ParseException) {
                return FailureReason.INVALID_ID_TOKEN;
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) return FailureReason.TIMEOUT;
            if (t instanceof HttpCommunicationException http) {
                if (http.getCode() >= 500) return stageFailure(stage);
                if (http.getCode() >= 400) return FailureReason.PROVIDER_REFUSED;
                if (http.getCode() == 0) return networkMessage(http.getMessage());
            }
            if (t instanceof JsonProcessingException) return FailureReason.BAD_RESPONSE;
            if (t instanceof IOException io) return network(io);
            // ScribeJava wraps network errors too: look at the cause before calling the answer unreadable.
            if (t instanceof OAuthException && !(t.getCause() instanceof IOException)) return FailureReason.BAD_RESPONSE;
        }
        // pac4j reports a profile body it cannot read as a bare TechnicalException; network and
        // HTTP status failures were matched above as HttpCommunicationException.
        if (failure instanceof TechnicalException && stage == Stage.FETCHING_PROFILE) return FailureReason.BAD_RESPONSE;
        return stageFailure(stage);
    }

    static FailureReason network(IOException e) {
        return e instanceof SocketTimeoutException || e instanceof HttpTimeoutException
                ? FailureReason.TIMEOUT : FailureReason.UNREACHABLE;
    }

    /** pac4j wraps network errors of the profile call in an exception with only a message left. */
    private static FailureReason networkMessage(String message) {
        return message != null && message.contains("timed out") ? FailureReason.TIMEOUT : FailureReason.UNREACHABLE;
    }

    private static FailureReason stageFailure(Stage stage) {
        return stage == Stage.FETCHING_PROFILE ? FailureReason.PROFILE_ERROR
                : stage == Stage.EXCHANGING_CODE ? FailureReason.TOKEN_ERROR : FailureReason.INTERNAL;
    }
}
