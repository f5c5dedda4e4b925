package dev.oauthpreloader.exchange;

import dev.oauthpreloader.provider.CallbackVerdict;
import dev.oauthpreloader.provider.LoginProvider;

/**
 * One background exchange, captured before the callback request ended. {@code queuedAtNanos} is
 * {@link System#nanoTime()} at hand-over, to time the wait for a worker; {@code connectTo} is the
 * logged-in account a "connect" adds the identity to, null for a login.
 */
public record ExchangeJob(String publicId, LoginProvider provider, CallbackVerdict.Accepted callback,
                          long queuedAtNanos, Long connectTo) {
}
