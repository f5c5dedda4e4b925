package dev.oauthpreloader.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark, small (V = 50, L = 0.2 s), in the test suite: it must work, whatever it measures. */
@Tag("slow")
class BenchmarkSmokeTest {

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"async", "sync"})
    void fifty_users_at_200_ms_all_log_in_without_errors(String mode) throws Exception {
        LoginBenchmark.Row row = LoginBenchmark.run(mode, new int[] {50}, 200, new LoginBenchmark.WarmUp(100, Duration.ofSeconds(2)), Duration.ofSeconds(3),
                System.getProperty("java.home")).get(0);
        System.out.println(LoginBenchmark.header());
        System.out.println(LoginBenchmark.format(row, null));
        assertEquals(0, row.errors(), "no login failed: " + row.failures());
        assertTrue(row.logins() >= 50, "every user completed at least one login, got " + row.logins());
    }
}
