package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Profiles: latencies drawn as asked, fault rates honoured, the JSON read back as written. */
class FaultProfileTest {

    @Test
    void a_latency_given_by_median_and_p99_draws_a_distribution_with_that_median_and_p99() {
        Latency latency = new Latency(200, 1500);
        Random random = new Random(42);
        long[] draws = new long[20_000];
        for (int i = 0; i < draws.length; i++) draws[i] = latency.draw(random);
        Arrays.sort(draws);
        assertEquals(200, draws[draws.length / 2], 15);
        assertEquals(1500, draws[(int) (draws.length * 0.99)], 150);
    }

    @Test
    void a_fixed_latency_is_always_the_same() {
        assertEquals(300, Latency.fixed(300).draw(new Random()));
    }

    @Test
    void fault_rates_are_honoured_and_the_rest_of_the_logins_are_clean() {
        FaultProfile profile = FaultProfile.parse("{\"faults\": {\"token_error\": 0.2, \"hang\": 0.1}}", 30_000);
        Random random = new Random(7);
        int errors = 0;
        int hangs = 0;
        int clean = 0;
        for (int i = 0; i < 10_000; i++) {
            switch (profile.draw(random)) {
                case TOKEN_ERROR -> errors++;
                case HANG -> hangs++;
                case OK -> clean++;
                default -> throw new AssertionError("a fault the profile does not name");
            }
        }
        assertEquals(2000, errors, 150);
        assertEquals(1000, hangs, 100);
        assertEquals(7000, clean, 200);
    }

    @Test
    void a_profile_reads_back_as_the_json_it_was_written_in() {
        String json = "{\"latency\": {\"token\": 200, \"userinfo\": {\"median_ms\": 50, \"p99_ms\": 400}}, \"faults\": {\"rate_limited\": 0.01}}";
        FaultProfile profile = FaultProfile.parse(json, 30_000);
        assertEquals(profile, FaultProfile.parse(RunningSimulator.JSON.valueToTree(profile.toJson()).toString(), 30_000));
        assertTrue(profile.latencyOf(Endpoint.USERINFO).p99Ms() == 400 && profile.latencyOf(Endpoint.JWKS) == Latency.NONE);
    }
}
