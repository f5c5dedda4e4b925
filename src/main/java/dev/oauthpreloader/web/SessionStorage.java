package dev.oauthpreloader.web;

import jakarta.servlet.SessionTrackingMode;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.session.DatabaseAdaptor;
import org.eclipse.jetty.server.session.JDBCSessionDataStore;
import org.eclipse.jetty.server.session.NullSessionCache;
import org.eclipse.jetty.server.session.SessionHandler;

/**
 * Browser sessions live in the database (table http_session), through Jetty's own JDBC session
 * store: any node can serve any request without sticky sessions, and a restart logs nobody out.
 * No session is cached in memory, so each request sees what the previous one wrote, on any node.
 */
public final class SessionStorage {

    public static final String COOKIE = "preloader_session";
    static final Duration IDLE_TIMEOUT = Duration.ofHours(8);

    private SessionStorage() {
    }

    public static SessionHandler handler(boolean https, DataSource dataSource) {
        SessionHandler sessions = new SessionHandler();
        sessions.setSessionCookie(COOKIE);
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.getSessionCookieConfig().setSecure(https);
        sessions.setSessionTrackingModes(Set.of(SessionTrackingMode.COOKIE));
        sessions.setMaxInactiveInterval((int) IDLE_TIMEOUT.toSeconds());

        NullSessionCache cache = new NullSessionCache(sessions);
        // Write the session before the response leaves: the browser's next request may reach
        // another node, or this one, before an after-the-response write would have landed.
        cache.setFlushOnResponseCommit(true);
        cache.setSaveOnCreate(true);
        cache.setRemoveUnloadableSessions(true);
        cache.setSessionDataStore(store(dataSource));
        sessions.setSessionCache(cache);
        return sessions;
    }

    private static JDBCSessionDataStore store(DataSource dataSource) {
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDatasource(dataSource);
        JDBCSessionDataStore.SessionTableSchema table = new JDBCSessionDataStore.SessionTableSchema();
        table.setTableName("http_session");
        table.setIdColumn("session_id");
        table.setContextPathColumn("context_path");
        table.setVirtualHostColumn("virtual_host");
        table.setLastNodeColumn("last_node");
        table.setAccessTimeColumn("access_time");
        table.setLastAccessTimeColumn("last_access_time");
        table.setCreateTimeColumn("create_time");
        table.setCookieTimeColumn("cookie_time");
        table.setLastSavedTimeColumn("last_saved_time");
        table.setExpiryTimeColumn("expiry_time");
        table.setMaxIntervalColumn("max_interval");
        table.setMapColumn("attributes");
        JDBCSessionDataStore store = new JDBCSessionDataStore();
        store.setDatabaseAdaptor(adaptor);
        store.setSessionTableSchema(table);
        // Unchanged sessions are written at most once a minute (to keep their expiry fresh), so
        // the preloader's polling reads the session but does not rewrite it on every request.
        store.setSavePeriodSec(60);
        return store;
    }
}
