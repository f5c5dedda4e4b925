package dev.oauthpreloader.session;

import java.time.Duration;

/**
 * How long a session lives, and its cookie.
 *
 * @param idleTimeout      a session unused this long is over
 * @param absoluteLifetime a session is over this long after its login (or its start, before any
 *                         login), however busy: a stolen cookie kept alive by a script stops working,
 *                         and everyone logs in again through the provider, which is when a disabled
 *                         or changed provider account is noticed
 * @param touchAfter       a request that changes nothing still records its use once the last
 *                         record is this old, so the idle timeout is right to within this much
 * @param cookie           the cookie's name and scope
 */
public record SessionSettings(Duration idleTimeout, Duration absoluteLifetime, Duration touchAfter,
                              SessionCookieSettings cookie) {

    /** A working day of idleness, as before. */
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(8);
    /**
     * A week: long enough that a person who uses the service daily logs in about once a week, short
     * enough that a cookie copied from a device is worth at most a week, whatever keeps it busy.
     */
    public static final Duration ABSOLUTE_LIFETIME = Duration.ofDays(7);

    public SessionSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteLifetime.isNegative() || absoluteLifetime.isZero()) {
            throw new IllegalArgumentException("session lifetimes must be positive");
        }
    }

    /** The service's defaults for a public address that is https or not. */
    public static SessionSettings standard(boolean https) {
        return standard(https, null);
    }

    /** The same, with the cookie scoped to {@code cookieDomain} (null: host-only). */
    public static SessionSettings standard(boolean https, String cookieDomain) {
        return new SessionSettings(IDLE_TIMEOUT, ABSOLUTE_LIFETIME, IDLE_TIMEOUT.dividedBy(8),
                SessionCookieSettings.forBaseUrl(https, cookieDomain));
    }

    /** When a session last used at {@code lastSeenAt} and started at {@code startedAt} is over. */
    long expiresAt(long startedAt, long lastSeenAt) {
        return Math.min(lastSeenAt + idleTimeout.toMillis(), startedAt + absoluteLifetime.toMillis());
    }
}
