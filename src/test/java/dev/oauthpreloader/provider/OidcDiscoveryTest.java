package dev.oauthpreloader.provider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.FakeOidcProvider;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discovery document is read at start-up, off the request threads, and a provider without one is a 503 page. */
class OidcDiscoveryTest {

    @Test
    void the_document_is_fetched_at_start_up_so_the_first_login_does_not_wait_for_it() {
        try (FakeOidcProvider google = new FakeOidcProvider("", "https://accounts.google.com");
             RunningService service = RunningService.start(googleAt(google.discoveryUrl()))) {
            await("the discovery document to be fetched").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !google.discoveryRequests.isEmpty());
            assertEquals(1, google.discoveryRequests.size(), "fetched once, before anyone logged in");
        }
    }

    @Test
    void a_provider_whose_discovery_cannot_be_reached_answers_login_with_a_503_page() {
        String nowhere = "http://localhost:" + RunningService.freePort() + "/.well-known/openid-configuration";
        try (RunningService service = RunningService.start(googleAt(nowhere))) {
            Page login = service.newBrowser().get("/login/google");
            assertEquals(503, login.status());
            assertTrue(login.body().contains("could not reach this login provider"), login.body());
        }
    }

    private static Map<String, String> googleAt(String discoveryUrl) {
        return Map.of("GOOGLE_CLIENT_ID", FakeOidcProvider.CLIENT_ID, "GOOGLE_CLIENT_SECRET", FakeOidcProvider.CLIENT_SECRET,
                "GOOGLE_DISCOVERY_URL", discoveryUrl);
    }
}
