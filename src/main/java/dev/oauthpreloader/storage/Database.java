package dev.oauthpreloader.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * One long-lived connection pool and the Jdbi on top of it. Opening a SQLite connection costs about
 * a millisecond, reusing one microseconds, so connections are pooled even for a file database.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // Some statements share one set of bindings across variants of their WHERE clause.
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    }

    public static Database open(String jdbcUrl) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setPoolName("db");
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            createParentDirectory(jdbcUrl);
            // WAL lets readers run beside the one writer; NORMAL is durable across process crashes
            // under WAL; the busy timeout makes a second writer wait instead of failing "locked".
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            hikari.addDataSourceProperty("foreign_keys", "true");
            // A read-then-write transaction must take the write lock when it begins: a deferred one
            // that upgrades later fails at once with SQLITE_BUSY instead of waiting.
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hikari.setMaximumPoolSize(8);
        }
        Database database = new Database(new HikariDataSource(hikari));
        database.applySchema();
        return database;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** schema.sql is idempotent: every statement creates only what is missing. */
    private void applySchema() {
        String schema = readSchema();
        String[] statements = Arrays.stream(stripComments(schema).split(";"))
                .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        jdbi.useTransaction(handle -> {
            for (String statement : statements) handle.execute(statement);
        });
    }

    private static String stripComments(String sql) {
        return sql.lines().filter(line -> !line.trim().startsWith("--"))
                .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append).toString();
    }

    private static String readSchema() {
        try (InputStream in = Database.class.getResourceAsStream("/schema.sql")) {
            if (in == null) throw new IllegalStateException("schema.sql is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("schema.sql could not be read", e);
        }
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the database directory " + parent, e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
