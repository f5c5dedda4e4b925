package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.ScriptedProvider.json;
import static dev.oauthpreloader.support.ScriptedProvider.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.account.ProviderIdentity;
import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ScriptedProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A generic OAuth 2.0 provider's three steps, without our HTTP server: the redirect's PKCE
 * challenge, the judged callback, and the code exchange that must send the matching verifier.
 */
@Tag("unit")
class PkceCodeExchangeTest {

    private final ScriptedProvider acme = new ScriptedProvider();
    private final LoginProvider provider = new ProviderRegistry(new ProvidersConfig(false, null, List.of(new OAuth2Preset(
            "acme", "Acme", "client-1", "secret-1", acme.url() + "/authorize", acme.url() + "/token", acme.url() + "/userinfo",
            "profile", false, new OAuth2Preset.ProfileFields("id", "email", "email_verified", "given_name", "family_name"), null, true))),
            "http://localhost:7070", Duration.ofSeconds(2), Duration.ofSeconds(5)).find("acme").orElseThrow();

    @AfterEach
    void stop() {
        acme.close();
    }

    @Test
    void the_code_goes_with_the_verifier_whose_s256_challenge_went_out_and_the_profile_becomes_an_identity() {
        acme.on("/token", r -> json("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        acme.on("/userinfo", r -> json("{\"id\":\"7\",\"given_name\":\"Ada\",\"family_name\":\"Lovelace\",\"email\":\"ada@example.org\",\"email_verified\":true}"));
        AuthorizationRedirect redirect = provider.redirect(name -> null);
        Map<String, String> authorize = Page.params(URI.create(redirect.location()).getRawQuery());
        assertEquals("S256", authorize.get("code_challenge_method"));

        ProviderIdentity identity = provider.exchange(accepted(redirect, "the-code"), stage -> true).orElseThrow().identity();

        RecordedRequest token = acme.requestsTo("/token").get(0);
        Map<String, String> form = Page.params(token.getBody().readUtf8());
        assertEquals("the-code", form.get("code"));
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals("http://localhost:7070/callback/acme", form.get("redirect_uri"));
        assertEquals(authorize.get("code_challenge"), Tokens.s256(form.get("code_verifier")), "the verifier answers the challenge");
        assertEquals("Basic " + Base64.getEncoder().encodeToString("client-1:secret-1".getBytes(StandardCharsets.UTF_8)),
                token.getHeader("Authorization"));
        assertEquals(new ProviderIdentity("acme", "7", "ada@example.org", true, "Ada", "Lovelace"), identity);
    }

    @Test
    void a_token_endpoint_failure_ends_with_the_reason_its_status_and_body_say() {
        AuthorizationRedirect redirect = provider.redirect(name -> null);
        acme.on("/token", r -> status(500, "text/html", "<html>down</html>"));
        assertEquals(FailureReason.TOKEN_ERROR, failure(redirect));
        acme.on("/token", r -> status(400, "application/json", "{\"error\":\"invalid_grant\"}"));
        assertEquals(FailureReason.PROVIDER_REFUSED, failure(redirect));
        acme.on("/token", r -> json("{\"access_token\":"));
        assertEquals(FailureReason.BAD_RESPONSE, failure(redirect));
    }

    @Test
    void answers_are_read_whole_with_or_without_a_length_and_gzipped_and_one_larger_than_any_token_is_refused() throws Exception {
        String profile = "{\"id\":\"7\",\"given_name\":\"Ada\",\"family_name\":\"Lovelace\",\"email\":\"ada@example.org\","
                + "\"email_verified\":true,\"bio\":\"" + "x".repeat(200_000) + "\"}";
        acme.on("/token", r -> json("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}").setChunkedBody(
                "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}", 7));
        acme.on("/userinfo", r -> json(profile));
        assertEquals("ada@example.org", exchangedEmail(provider.redirect(name -> null)));

        okio.Buffer gzipped = new okio.Buffer();
        try (okio.BufferedSink sink = okio.Okio.buffer(new okio.GzipSink(gzipped))) {
            sink.writeUtf8(profile);
        }
        acme.on("/userinfo", r -> json("").setBody(gzipped.clone()).setHeader("Content-Encoding", "gzip"));
        assertEquals("ada@example.org", exchangedEmail(provider.redirect(name -> null)));

        String huge = "{\"access_token\":\"" + "a".repeat(ResponseBody.LIMIT) + "\"}";
        acme.on("/token", r -> json(huge));
        assertEquals(FailureReason.BAD_RESPONSE, failure(provider.redirect(name -> null)));
        acme.on("/token", r -> json("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}").setChunkedBody(huge, 65536));
        assertEquals(FailureReason.BAD_RESPONSE, failure(provider.redirect(name -> null)));
        acme.on("/token", r -> json("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}"));
        acme.on("/userinfo", r -> json("{\"id\":\"7\",\"bio\":\"" + "x".repeat(ResponseBody.LIMIT) + "\"}"));
        assertEquals(FailureReason.BAD_RESPONSE, failure(provider.redirect(name -> null)));
    }

    private String exchangedEmail(AuthorizationRedirect redirect) {
        return provider.exchange(accepted(redirect, "c"), stage -> true).orElseThrow().identity().email();
    }

    @Test
    void a_login_that_ended_elsewhere_stops_before_calling_the_provider() {
        AuthorizationRedirect redirect = provider.redirect(name -> null);
        assertTrue(provider.exchange(accepted(redirect, "c"), stage -> false).isEmpty());
        assertEquals(0, acme.requests.size());
    }

    @Test
    void a_callback_with_another_state_is_refused_before_any_exchange() {
        AuthorizationRedirect redirect = provider.redirect(name -> null);
        CallbackVerdict verdict = provider.judge(redirect.keep(), Map.of("code", "c", "state", Tokens.random()));
        assertEquals(new CallbackVerdict.Refused(CallbackRefusal.INVALID_STATE), verdict);
    }

    private FailureReason failure(AuthorizationRedirect redirect) {
        return assertThrows(ExchangeFailure.class, () -> provider.exchange(accepted(redirect, "c"), stage -> true)).reason;
    }

    private CallbackVerdict.Accepted accepted(AuthorizationRedirect redirect, String code) {
        String state = Page.params(URI.create(redirect.location()).getRawQuery()).get("state");
        return (CallbackVerdict.Accepted) provider.judge(redirect.keep(), Map.of("code", code, "state", state));
    }
}
