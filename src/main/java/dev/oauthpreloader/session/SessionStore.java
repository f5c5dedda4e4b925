package dev.oauthpreloader.session;

import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser_session table. Every statement is one keyed statement on id_hash, the SHA-256 of the
 * cookie's id: the id itself is never stored, so a copy of the table logs nobody in. Writes that
 * change the values compare-and-set on {@code version}.
 */
final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private final Jdbi jdbi;

    SessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The live session with this id hash, if there is one. */
    Optional<SessionRow> find(String idHash, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id_hash, data, version, started_at, last_seen_at, expires_at FROM browser_session
                        WHERE id_hash = :idHash""")
                .bind("idHash", idHash)
                .map((rs, ctx) -> new StoredRow(rs.getString("id_hash"), rs.getString("data"), rs.getLong("version"),
                        rs.getLong("started_at"), rs.getLong("last_seen_at"), rs.getLong("expires_at")))
                .findOne())
                .flatMap(SessionStore::parse)
                .filter(row -> row.expiresAt() > now);
    }

    private static Optional<SessionRow> parse(StoredRow stored) {
        Optional<Map<String, String>> values = SessionJson.read(stored.data());
        if (values.isEmpty()) LOG.warn("a session row holds something other than a JSON object of strings; ignored");
        return values.map(v -> new SessionRow(stored.idHash(), v, stored.version(), stored.startedAt(), stored.lastSeenAt(),
                stored.expiresAt()));
    }

    private record StoredRow(String idHash, String data, long version, long startedAt, long lastSeenAt, long expiresAt) {
    }

    void insert(String idHash, Map<String, String> values, long now, long expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO browser_session (id_hash, data, version, started_at, last_seen_at, expires_at)
                        VALUES (:idHash, :data, 1, :now, :now, :expiresAt)""")
                .bind("idHash", idHash).bind("data", SessionJson.write(values)).bind("now", now).bind("expiresAt", expiresAt)
                .execute());
    }

    /**
     * Writes the values and, for a renewal, moves the row to a new id hash and restarts its
     * lifetime; only if the row is still at the version {@code base} was read at.
     */
    boolean update(SessionRow base, String newIdHash, Map<String, String> values, long startedAt, long now, long expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE browser_session
                        SET id_hash = :newIdHash, data = :data, version = version + 1,
                            started_at = :startedAt, last_seen_at = :now, expires_at = :expiresAt
                        WHERE id_hash = :idHash AND version = :version""")
                .bind("newIdHash", newIdHash).bind("data", SessionJson.write(values)).bind("startedAt", startedAt)
                .bind("now", now).bind("expiresAt", expiresAt).bind("idHash", base.idHash()).bind("version", base.version())
                .execute()) == 1;
    }

    /** Records use only: no values change, so it cannot undo anyone's write and needs no version. */
    void touch(String idHash, long now, long expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE browser_session SET last_seen_at = :now, expires_at = :expiresAt WHERE id_hash = :idHash""")
                .bind("now", now).bind("expiresAt", expiresAt).bind("idHash", idHash).execute());
    }

    void delete(String idHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM browser_session WHERE id_hash = :idHash").bind("idHash", idHash).execute());
    }

    int deleteExpired(long now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM browser_session WHERE expires_at <= :now").bind("now", now).execute());
    }
}
