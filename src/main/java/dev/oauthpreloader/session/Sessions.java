package dev.oauthpreloader.session;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions as rows of browser_session, in place of a servlet session manager: any node
 * serves any request without sticky sessions, and a restart logs nobody out. A request gets a
 * {@link Session} that touches the database only when a handler first asks for it, so health
 * checks, static files and metrics cost no session work at all, cookie or not.
 */
public final class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final String ATTRIBUTE = Session.class.getName();

    private final SessionStore store;
    private final SessionSettings settings;
    private final Clock clock;

    public Sessions(Jdbi jdbi, SessionSettings settings, Clock clock) {
        this.store = new SessionStore(jdbi);
        this.settings = settings;
        this.clock = clock;
    }

    /** Gives every request its lazy session, and writes it after the handler, before the response is sent. */
    public void register(Javalin app) {
        // Even the cookie is read only when a handler first asks for the session.
        app.before(ctx -> ctx.attribute(ATTRIBUTE, new Session(store, settings, clock, () -> ctx.cookie(settings.cookie().name()))));
        // After handlers run before Javalin writes the response, also after an exception or a
        // ctx.future: the browser's next request, to this node or another, sees what this one wrote.
        app.after(ctx -> {
            Session session = ctx.attribute(ATTRIBUTE);
            if (session != null) session.commit().ifPresent(cookie -> ctx.res().addHeader("Set-Cookie", cookie));
        });
    }

    /** The session of the request {@code ctx}. */
    public static Session of(Context ctx) {
        Session session = ctx.attribute(ATTRIBUTE);
        if (session == null) throw new IllegalStateException("Sessions.register(app) was not called for this app");
        return session;
    }

    /** Deletes the rows of sessions that are over; run it now and then. */
    public void deleteExpired() {
        try {
            int deleted = store.deleteExpired(clock.millis());
            if (deleted > 0) LOG.info("deleted {} expired sessions", deleted);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and try at the next period.
            LOG.warn("expired sessions could not be deleted: {}", e.toString());
        }
    }
}
