package dev.oauthpreloader.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParseException;
import com.github.scribejava.core.exceptions.OAuthException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jwt.proc.BadJWTException;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Stage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.text.ParseException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pac4j.core.exception.HttpCommunicationException;
import org.pac4j.core.exception.TechnicalException;

/** What each kind of provider failure is called, whatever pac4j, ScribeJava or nimbus wrapped it in. */
@Tag("unit")
class FailureClassifierTest {

    @Test
    void a_reason_already_named_is_kept_however_deeply_it_is_wrapped() {
        Throwable wrapped = new TechnicalException(new IllegalStateException(new ExchangeFailure(FailureReason.IDENTITY_TAKEN)));
        assertEquals(FailureReason.IDENTITY_TAKEN, FailureClassifier.classify(wrapped, Stage.SAVING));
    }

    @Test
    void a_read_timeout_is_a_timeout_at_any_stage_and_under_any_wrapper() {
        assertEquals(FailureReason.TIMEOUT, FailureClassifier.classify(new SocketTimeoutException("Read timed out"), Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.TIMEOUT, FailureClassifier.classify(
                new TechnicalException(new SocketTimeoutException("Read timed out")), Stage.FETCHING_PROFILE));
        assertEquals(FailureReason.TIMEOUT, FailureClassifier.classify(new HttpTimeoutException("request timed out"), Stage.FETCHING_PROFILE));
    }

    @Test
    void a_refused_connection_is_unreachable() {
        assertEquals(FailureReason.UNREACHABLE, FailureClassifier.classify(new ConnectException("Connection refused"), Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.UNREACHABLE, FailureClassifier.classify(
                new TechnicalException(new ConnectException("Connection refused")), Stage.FETCHING_PROFILE));
    }

    @Test
    void a_provider_5xx_is_a_failure_of_the_stage_it_broke() {
        HttpCommunicationException unavailable = new HttpCommunicationException(503, "unavailable");
        assertEquals(FailureReason.TOKEN_ERROR, FailureClassifier.classify(unavailable, Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.PROFILE_ERROR, FailureClassifier.classify(unavailable, Stage.FETCHING_PROFILE));
    }

    @Test
    void a_provider_4xx_is_a_refusal() {
        assertEquals(FailureReason.PROVIDER_REFUSED, FailureClassifier.classify(
                new HttpCommunicationException(401, "{\"error\":\"bad_verification_code\"}"), Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.PROVIDER_REFUSED, FailureClassifier.classify(
                new TechnicalException(new HttpCommunicationException(400, "{}")), Stage.FETCHING_PROFILE));
    }

    @Test
    void a_network_error_pac4j_kept_only_as_a_message_is_read_from_that_message() {
        assertEquals(FailureReason.TIMEOUT, FailureClassifier.classify(
                new HttpCommunicationException("Error getting body: Read timed out"), Stage.FETCHING_PROFILE));
        assertEquals(FailureReason.UNREACHABLE, FailureClassifier.classify(
                new HttpCommunicationException("Error getting body: Connection reset"), Stage.FETCHING_PROFILE));
    }

    @Test
    void json_that_does_not_parse_is_a_bad_response() {
        assertEquals(FailureReason.BAD_RESPONSE, FailureClassifier.classify(
                new TechnicalException(new JsonParseException(null, "Unexpected end-of-input")), Stage.EXCHANGING_CODE));
    }

    @Test
    void a_token_response_scribejava_cannot_read_is_a_bad_response() {
        assertEquals(FailureReason.BAD_RESPONSE, FailureClassifier.classify(
                new OAuthException("Response body is incorrect. Can't extract a token from this: '<html>'"), Stage.EXCHANGING_CODE));
    }

    @Test
    void a_profile_body_pac4j_cannot_read_is_a_bad_response_but_only_at_the_profile_stage() {
        TechnicalException unreadable = new TechnicalException("cannot read the profile");
        assertEquals(FailureReason.BAD_RESPONSE, FailureClassifier.classify(unreadable, Stage.FETCHING_PROFILE));
        assertEquals(FailureReason.TOKEN_ERROR, FailureClassifier.classify(unreadable, Stage.EXCHANGING_CODE));
    }

    @Test
    void an_id_token_that_fails_its_checks_is_an_invalid_id_token() {
        assertEquals(FailureReason.INVALID_ID_TOKEN, FailureClassifier.classify(
                new TechnicalException(new BadJWTException("Unexpected JWT audience")), Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.INVALID_ID_TOKEN, FailureClassifier.classify(
                new TechnicalException(new JOSEException("Signed JWT rejected: Invalid signature")), Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.INVALID_ID_TOKEN, FailureClassifier.classify(
                new TechnicalException(new ParseException("Invalid JWT serialization", 0)), Stage.EXCHANGING_CODE));
    }

    @Test
    void a_jwks_that_cannot_be_fetched_is_judged_by_its_network_cause_not_as_a_bad_signature() {
        assertEquals(FailureReason.TIMEOUT, FailureClassifier.classify(
                new TechnicalException(new KeySourceException("Couldn't retrieve JWK set", new SocketTimeoutException())),
                Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.UNREACHABLE, FailureClassifier.classify(
                new KeySourceException("Couldn't retrieve JWK set", new ConnectException("Connection refused")), Stage.EXCHANGING_CODE));
    }

    @Test
    void anything_else_is_a_failure_of_its_stage_and_internal_outside_the_provider_calls() {
        IllegalStateException surprise = new IllegalStateException("surprise");
        assertEquals(FailureReason.TOKEN_ERROR, FailureClassifier.classify(surprise, Stage.EXCHANGING_CODE));
        assertEquals(FailureReason.PROFILE_ERROR, FailureClassifier.classify(surprise, Stage.FETCHING_PROFILE));
        assertEquals(FailureReason.INTERNAL, FailureClassifier.classify(surprise, Stage.SAVING));
        assertEquals(FailureReason.INTERNAL, FailureClassifier.classify(surprise, Stage.QUEUED));
    }
}
