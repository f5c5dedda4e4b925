package dev.oauthpreloader.storage;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps SQLite's prepared statements for the next use of the same SQL on the same connection.
 * A login runs the same few dozen statements every time, and preparing them (SQLite parsing and
 * planning the text) was about a tenth of the service's CPU. PostgreSQL's driver keeps its own
 * (prepareThreshold), so only SQLite's Jdbi uses this.
 *
 * <p>A statement is lent out, never shared: the same SQL run again while the first is still open
 * (a query inside another's iteration) gets a statement of its own, which is closed after use.
 * Jdbi closes each result set before the statement, and closing a result set resets the statement
 * in sqlite-jdbc, so a kept statement holds no read snapshot open.
 */
final class ReusedStatements implements StatementBuilderFactory {

    /** The code has far fewer distinct statements; the cap only keeps SQL built from data from piling up. */
    private static final int MOST_KEPT = 256;

    /** Idle statements by SQL, per connection; a connection dropped and reopened takes its statements with it. */
    private final Map<Connection, Map<String, PreparedStatement>> idle = Collections.synchronizedMap(new WeakHashMap<>());
    private final StatementBuilder plain = new DefaultStatementBuilder();

    /** Jdbi asks once per handle, with the connection {@link SqliteConnection} lent it. */
    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        return new Builder(idle.computeIfAbsent(connection, c -> new HashMap<>()));
    }

    /** One handle's: it lends out kept statements and takes them back when Jdbi is done with them. */
    private final class Builder implements StatementBuilder {

        /** Its connection's idle statements: they outlive this handle. */
        private final Map<String, PreparedStatement> kept;
        /** The SQL each lent statement was prepared from: Jdbi closes it by the SQL before parsing (with :names). */
        private final Map<Statement, String> lent = new IdentityHashMap<>();

        Builder(Map<String, PreparedStatement> kept) {
            this.kept = kept;
        }

        @Override
        public Statement create(Connection connection, StatementContext ctx) throws SQLException {
            return plain.create(connection, ctx);
        }

        @Override
        public PreparedStatement create(Connection connection, String sql, StatementContext ctx) throws SQLException {
            // Generated keys and updatable result sets change how the statement is prepared: not kept.
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) return plain.create(connection, sql, ctx);
            PreparedStatement idle = kept.remove(sql);
            PreparedStatement statement = idle != null && !idle.isClosed() ? idle : connection.prepareStatement(sql);
            lent.put(statement, sql);
            return statement;
        }

        @Override
        public CallableStatement createCall(Connection connection, String sql, StatementContext ctx) throws SQLException {
            return plain.createCall(connection, sql, ctx);
        }

        @Override
        public void close(Connection connection, String unparsedSql, Statement statement) throws SQLException {
            String sql = lent.remove(statement);
            if (sql == null || statement.isClosed()) {
                plain.close(connection, unparsedSql, statement);
                return;
            }
            PreparedStatement prepared = (PreparedStatement) statement;
            prepared.clearParameters();
            if (kept.size() >= MOST_KEPT || kept.putIfAbsent(sql, prepared) != null) prepared.close();
        }
    }
}
