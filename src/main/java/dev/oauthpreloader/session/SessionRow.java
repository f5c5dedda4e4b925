package dev.oauthpreloader.session;

import java.util.Map;

/**
 * One row of browser_session. {@code version} grows with every change of {@code values}; a writer
 * changes the row only at the version it read.
 */
record SessionRow(String idHash, Map<String, String> values, long version, long startedAt, long lastSeenAt, long expiresAt) {
}
