package dev.oauthpreloader.login;

import dev.oauthpreloader.provider.DetachedCallContext;
import dev.oauthpreloader.provider.LoginProvider;
import org.pac4j.core.credentials.Credentials;

/**
 * Everything one background exchange needs, captured before the callback request ended.
 * {@code queuedAtNanos} is {@link System#nanoTime()} at hand-over, to time the wait for a worker;
 * {@code connectTo} is the logged-in account a "connect" adds the identity to; null for a login.
 */
record ExchangeJob(String publicId, LoginProvider provider, DetachedCallContext context, Credentials credentials,
                   long queuedAtNanos, Long connectTo) {
}
