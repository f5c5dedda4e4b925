package dev.oauthpreloader.config;

import java.time.Duration;

/**
 * How the background exchanges run and how long a login may take.
 *
 * @param loginDeadline          LOGIN_DEADLINE_SECONDS: how long an operation may stay pending; also every provider call's read timeout
 * @param providerConnectTimeout PROVIDER_CONNECT_TIMEOUT_MS: TCP connect timeout to a provider
 * @param maxRunning             EXCHANGE_THREADS: background exchanges in flight at once, each on a virtual thread
 * @param maxWaiting             EXCHANGE_QUEUE: exchanges waiting for their turn before new logins are refused
 * @param synchronousCallback    CALLBACK_MODE=sync: the exchange runs on the callback's request thread (the benchmark's baseline only)
 */
public record ExchangeConfig(Duration loginDeadline, Duration providerConnectTimeout, int maxRunning, int maxWaiting,
                             boolean synchronousCallback) {

    public static ExchangeConfig read(Env env) {
        return new ExchangeConfig(
                env.read("LOGIN_DEADLINE_SECONDS", "30", v -> Duration.ofSeconds(Env.intBetween(1, 600).apply(v))),
                env.read("PROVIDER_CONNECT_TIMEOUT_MS", "5000", v -> Duration.ofMillis(Env.intBetween(1, 60_000).apply(v))),
                env.read("EXCHANGE_THREADS", "2000", Env.intBetween(1, 100_000)),
                env.read("EXCHANGE_QUEUE", "1000", Env.intBetween(0, 1_000_000)),
                env.read("CALLBACK_MODE", "async", v -> switch (v) {
                    case "async" -> false;
                    case "sync" -> true;
                    default -> throw new IllegalArgumentException("must be async or sync");
                }));
    }
}
