package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service's Google client (pac4j's GoogleOidcClient), its discovery URL pointed at the standalone simulator. */
class GoogleThroughSimulatorTest {

    static ServiceWithSimulator world;

    @BeforeAll
    static void start() {
        world = new ServiceWithSimulator(Map.of(), "google");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @ParameterizedTest(name = "outcome={0} ends in {1}")
    @CsvSource({"ok, ok", "denied, cancelled", "token_error, token_error", "wrong_aud, invalid_id_token",
            "bad_signature, invalid_id_token", "expired_id_token, invalid_id_token"})
    void the_google_client_logs_in_through_the_simulator_and_refuses_its_bad_id_tokens(String fault, String reason) {
        assertEquals(reason, world.outcome("user=gus&outcome=" + fault));
    }
}
