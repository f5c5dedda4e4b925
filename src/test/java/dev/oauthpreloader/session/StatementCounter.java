package dev.oauthpreloader.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** Every statement a Jdbi runs against browser_session, as Jdbi executes it. */
final class StatementCounter implements SqlLogger {

    private final List<String> statements = new ArrayList<>();

    @Override
    public void logAfterExecution(StatementContext context) {
        String sql = context.getRenderedSql();
        if (sql.contains("browser_session")) {
            synchronized (statements) {
                statements.add(sql.strip().toUpperCase(Locale.ROOT));
            }
        }
    }

    @Override
    public void logException(StatementContext context, java.sql.SQLException ex) {
        logAfterExecution(context);
    }

    void reset() {
        synchronized (statements) {
            statements.clear();
        }
    }

    int total() {
        synchronized (statements) {
            return statements.size();
        }
    }

    /** How many statements began with this verb: SELECT, INSERT, UPDATE, DELETE. */
    int count(String verb) {
        synchronized (statements) {
            return (int) statements.stream().filter(s -> s.startsWith(verb)).count();
        }
    }

    int writes() {
        return total() - count("SELECT");
    }

    @Override
    public String toString() {
        synchronized (statements) {
            return statements.toString();
        }
    }
}
