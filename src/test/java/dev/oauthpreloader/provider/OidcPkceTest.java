package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.Flows.awaitFinished;
import static dev.oauthpreloader.support.Flows.callback;
import static dev.oauthpreloader.support.Flows.operationId;
import static dev.oauthpreloader.support.Flows.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PKCE S256 on every OpenID Connect login, whatever the discovery document lists (RFC 9700 section 2.1.1). */
class OidcPkceTest {

    @Test
    void a_provider_whose_discovery_lists_no_pkce_method_still_gets_an_s256_challenge_and_its_verifier() {
        try (FakeOidcProvider idp = new FakeOidcProvider("/realms/main")) {
            idp.discovery("code_challenge_methods_supported", null);
            assertS256Login(idp);
        }
    }

    @Test
    void a_provider_that_lists_only_plain_gets_s256_and_never_plain() {
        try (FakeOidcProvider idp = new FakeOidcProvider("/realms/main")) {
            idp.discovery("code_challenge_methods_supported", List.of("plain"));
            assertS256Login(idp);
        }
    }

    private static void assertS256Login(FakeOidcProvider idp) {
        try (RunningService service = RunningService.start(Map.of("OIDC_PROVIDERS", "corp",
                "OIDC_CORP_CLIENT_ID", FakeOidcProvider.CLIENT_ID, "OIDC_CORP_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET,
                "OIDC_CORP_ISSUER", idp.issuerUrl()))) {
            Browser browser = service.newBrowser();
            Map<String, String> authorize = startLogin(browser, "corp");
            assertEquals("S256", authorize.get("code_challenge_method"), authorize.toString());
            idp.expectNonce(authorize.get("nonce"));
            String op = operationId(callback(browser, "corp", "state=" + authorize.get("state") + "&code=c-1"));
            assertTrue(awaitFinished(browser, op, 8000).body().contains("\"status\":\"ok\""));
            Map<String, String> form = Page.params(idp.tokenRequests.get(0).getBody().readUtf8());
            assertEquals(authorize.get("code_challenge"), GoogleLoginTest.s256(form.get("code_verifier")),
                    "the token request proves the S256 challenge");
        }
    }
}
