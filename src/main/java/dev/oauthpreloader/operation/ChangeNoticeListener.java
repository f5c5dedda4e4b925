package dev.oauthpreloader.operation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this node's /get-status waiters when another node changes their operation: one dedicated
 * PostgreSQL connection, outside the pool so it is never lent out or recycled, LISTENs to
 * {@link ChangeNotices#CHANNEL}. The thread is a platform daemon: the driver blocks in
 * synchronized code, which would pin a virtual thread's carrier for the life of the node.
 *
 * <p>No waiter misses a change: after every (re)connect the LISTEN comes first and then one re-read
 * of the watched rows, and while the database cannot be reached every reconnect attempt re-reads
 * them too. So no periodic re-read is kept; a notice lost in a writer's crash between its commit and
 * its NOTIFY is still answered when that waiter's long poll ends.
 */
public final class ChangeNoticeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeNoticeListener.class);
    /** How the listening connection shows in pg_stat_activity. */
    public static final String APPLICATION_NAME = "oauth-preloader change listener";
    /** An idle connection is checked this often, so a silently dead one is replaced. */
    private static final int IDLE_CHECK_MS = 10_000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String jdbcUrl;
    private final StatusWatch watch;
    private final OperationStore operations;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Connection connection;

    public ChangeNoticeListener(String jdbcUrl, StatusWatch watch, OperationStore operations) {
        this.jdbcUrl = jdbcUrl;
        this.watch = watch;
        this.operations = operations;
        this.thread = new Thread(this::run, "change-notices");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopped) {
            try (Connection c = connect()) {
                connection = c;
                if (stopped) return;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + ChangeNotices.CHANNEL);
                }
                backoff = FIRST_BACKOFF;
                watch.recheck(operations); // what changed before the LISTEN took effect
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (stopped) return;
                LOG.warn("change notices: connection lost ({}); reconnecting in {} ms", e.getClass().getSimpleName(),
                        backoff.toMillis());
                watch.recheck(operations);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!stopped) {
            PGNotification[] notices = pg.getNotifications(IDLE_CHECK_MS);
            if (notices == null || notices.length == 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                continue;
            }
            for (PGNotification notice : notices) watch.changed(notice.getParameter());
        }
    }

    /** Stops listening: closing the connection ends the blocked wait at once. */
    @Override
    public void close() {
        stopped = true;
        Connection c = connection;
        try {
            if (c != null) c.close();
        } catch (SQLException e) {
            // closing anyway
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
