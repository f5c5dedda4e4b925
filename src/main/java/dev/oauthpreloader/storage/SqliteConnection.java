package dev.oauthpreloader.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * The one SQLite connection, lent to one handle at a time. SQLite has one writer anyway and its
 * statements take microseconds, so the callers queue for the connection on a lock and park there.
 * With several connections, writers would queue in SQLite's busy handler instead, which sleeps in
 * native code; a virtual thread sleeping there pins its carrier, and with both carriers pinned the
 * one holding the lock cannot run to release it (a 10 s stall, then SQLITE_BUSY, seen under the
 * benchmark).
 *
 * <p>A pool of one (HikariCP's) did the same, but each wait for its connection also woke its
 * connection-adding thread, and each hand-back spun and yielded until the waiter took it: a third
 * of the service's thread parks under load, where each wake-up is a context switch
 * (docs/benchmark.md). The lock has an owner: a handle is closed on the thread that opened it,
 * as every {@code withHandle} and {@code inTransaction} does.
 */
final class SqliteConnection implements ConnectionFactory {

    /** As long as HikariCP's default: a wait this long means something holds the connection far too long. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final String url;
    private final Properties properties;
    /** Not fair: a thread that finds the connection free takes it, rather than wake the next in line first. */
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    SqliteConnection(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    @Override
    public Connection openConnection() throws SQLException {
        // Jdbi reuses a thread's open handle for nested calls: a second one would share the connection's transaction.
        if (lock.isHeldByCurrentThread()) throw new IllegalStateException("a second SQLite handle on a thread that holds one");
        try {
            if (!lock.tryLock(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("the database connection was busy for " + LONGEST_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for the database connection", e);
        }
        try {
            if (connection == null || connection.isClosed()) connection = DriverManager.getConnection(url, properties);
            return connection;
        } catch (SQLException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** Takes the connection back as the next handle expects it: no transaction open, committing each statement. */
    @Override
    public void closeConnection(Connection returned) throws SQLException {
        try {
            if (!returned.isClosed() && !returned.getAutoCommit()) {
                returned.rollback();
                returned.setAutoCommit(true);
            }
        } catch (SQLException e) {
            connection = null; // in a state nobody can vouch for: the next handle gets a new one
            returned.close();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            if (connection != null) connection.close();
        } catch (SQLException e) {
            // Closing at shutdown: the WAL is already durable, and the next open recovers it.
        } finally {
            connection = null;
            lock.unlock();
        }
    }
}
