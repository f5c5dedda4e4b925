package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** id_tokens naming keys the provider never published must not make us hammer its JWKS endpoint. */
class OidcJwksRefetchTest {

    @Test
    void a_flood_of_unknown_key_ids_refetches_the_keys_at_most_once_a_minute_and_each_is_refused() {
        try (FakeOidcProvider idp = new FakeOidcProvider("/realms/main");
             RunningService service = RunningService.start(Map.of("OIDC_PROVIDERS", "corp",
                     "OIDC_CORP_CLIENT_ID", FakeOidcProvider.CLIENT_ID, "OIDC_CORP_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET,
                     "OIDC_CORP_ISSUER", idp.issuerUrl()))) {
            String first = login(service, idp, nonce -> FakeOidcProvider.tokenResponse(idp.idToken(nonce, c -> c)));
            assertEquals("ok", service.statusOf(first));
            assertEquals(1, idp.jwksRequests.size(), "the keys are read for the first id_token");

            for (int i = 0; i < 5; i++) {
                String kid = "forged-" + i;
                String op = login(service, idp, nonce -> FakeOidcProvider.tokenResponse(idp.idTokenWithUnknownKey(nonce, kid)));
                assertEquals("invalid_id_token", service.reasonOf(op), "an id_token under the unknown key " + kid);
            }
            assertTrue(idp.jwksRequests.size() <= 2, "the keys were fetched " + idp.jwksRequests.size() + " times");

            String known = login(service, idp, nonce -> FakeOidcProvider.tokenResponse(idp.idToken(nonce, c -> c)));
            assertEquals("ok", service.statusOf(known), "the cached keys still serve the real one");
        }
    }

    private static String login(RunningService service, FakeOidcProvider idp, Function<String, MockResponse> token) {
        Browser browser = service.newBrowser();
        idp.token(token);
        Map<String, String> authorize = startLogin(browser, "corp");
        idp.expectNonce(authorize.get("nonce"));
        String op = operationId(callback(browser, "corp", "state=" + authorize.get("state") + "&code=c-1"));
        awaitFinished(browser, op, 8000);
        return op;
    }
}
