package dev.oauthpreloader.session;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's view of its browser session: a small map of strings, loaded on first use with one
 * keyed lookup, and written when the request ends, before the response leaves, only if it changed.
 *
 * <p>The rule for two requests of one browser at once (the preloader's poll and a click): a request
 * writes only the keys it changed, on top of whatever the row holds when it writes, so a change to
 * one key never undoes another request's change to a different key. For the same key, the later
 * write wins. The write is one UPDATE that compares-and-sets the version the request read; if
 * another request wrote in between, it reads the row again and applies its changes on top. A
 * request that changed nothing writes nothing (at most an hourly timestamp, never the values), so a
 * poll can never overwrite what the callback or /success just wrote. A write to a session that was
 * renewed or ended meanwhile is dropped: its old id is worth nothing. Two first requests of a
 * browser that has no cookie yet each start a session; the browser keeps the one it hears of last.
 *
 * <p>Nothing is cached between requests: each request reads the row, so a change or a logout on one
 * node holds on every other node at its next request. One request uses its session from one thread
 * at a time; it is not shared.
 */
public final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final int WRITE_ATTEMPTS = 5;

    private final SessionStore store;
    private final SessionSettings settings;
    private final Clock clock;
    private final Supplier<String> cookie;
    /** The id the browser presented, if it has the form of ours; read on first use. */
    private String presentedId;

    private boolean loaded;
    private SessionRow row;
    private final Map<String, String> values = new HashMap<>();
    /** The keys this request changed: a value, or null for removed. */
    private final Map<String, String> changes = new HashMap<>();
    private boolean renew;
    private boolean ended;

    Session(SessionStore store, SessionSettings settings, Clock clock, Supplier<String> cookie) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.cookie = cookie;
    }

    public Optional<String> get(String key) {
        load();
        return Optional.ofNullable(values.get(key));
    }

    /** A small map of strings kept under one key (as JSON text, like everything else). */
    public Map<String, String> getMap(String key) {
        return get(key).flatMap(SessionJson::read).orElse(Map.of());
    }

    /** Keeps {@code map} under one key, replacing what was there; an empty map removes the key. */
    public void putMap(String key, Map<String, String> map) {
        if (map.isEmpty()) remove(key);
        else put(key, SessionJson.write(map));
    }

    public void put(String key, String value) {
        if (value == null) {
            remove(key);
            return;
        }
        load();
        if (value.equals(values.get(key))) return;
        values.put(key, value);
        changes.put(key, value);
    }

    public void remove(String key) {
        load();
        if (!values.containsKey(key)) return;
        values.remove(key);
        changes.put(key, null);
    }

    /**
     * Moves this session to a new id when the response leaves, so an id planted or seen before
     * (a login) is worth nothing after it. Its lifetime starts again.
     */
    public void renewId() {
        load();
        renew = row != null;
    }

    /** Ends the session: its row goes, and anything stored afterwards starts a new session under a new id. */
    public void end() {
        load();
        ended = true;
        row = null;
        renew = false;
        values.clear();
        changes.clear();
    }

    private void load() {
        if (loaded) return;
        loaded = true;
        String value = cookie.get();
        presentedId = SessionIds.looksMinted(value) ? value : null;
        if (presentedId == null) return;
        long now = clock.millis();
        // The stored expiry, and today's settings too: shortening a lifetime applies to every session at once.
        row = store.find(SessionIds.hash(presentedId), now)
                .filter(found -> settings.expiresAt(found.startedAt(), found.lastSeenAt()) > now).orElse(null);
        if (row != null) values.putAll(row.values());
    }

    /**
     * Writes what changed, and returns the Set-Cookie value the response must carry, if any.
     * Called once, when the request ends.
     */
    Optional<String> commit() {
        if (!loaded) return Optional.empty();
        long now = clock.millis();
        if (ended && presentedId != null) store.delete(SessionIds.hash(presentedId));
        if (row == null) {
            if (!values.isEmpty()) {
                String id = SessionIds.mint();
                store.insert(SessionIds.hash(id), values, now, settings.expiresAt(now, now));
                return Optional.of(settings.cookie().issue(id));
            }
            return ended && presentedId != null ? Optional.of(settings.cookie().expire()) : Optional.empty();
        }
        if (renew) {
            String id = SessionIds.mint();
            return write(SessionIds.hash(id), now, now) ? Optional.of(settings.cookie().issue(id)) : Optional.empty();
        }
        if (!changes.isEmpty()) {
            write(row.idHash(), row.startedAt(), now);
        } else if (now - row.lastSeenAt() >= settings.touchAfter().toMillis()) {
            store.touch(row.idHash(), now, settings.expiresAt(row.startedAt(), now));
        }
        return Optional.empty();
    }

    /** This request's changes on top of the row as it is now; false if the session is gone. */
    private boolean write(String newIdHash, long startedAt, long now) {
        SessionRow base = row;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Map<String, String> merged = new HashMap<>(base.values());
            changes.forEach((key, value) -> {
                if (value == null) merged.remove(key);
                else merged.put(key, value);
            });
            if (store.update(base, newIdHash, merged, startedAt, now, settings.expiresAt(startedAt, now))) return true;
            base = store.find(base.idHash(), now).orElse(null);
            if (base == null) {
                LOG.info("a session changed by this request was renewed or ended meanwhile; its change is dropped");
                return false;
            }
        }
        LOG.warn("a session write lost {} races in a row; its change is dropped", WRITE_ATTEMPTS);
        return false;
    }
}
