package dev.oauthpreloader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite pool's statements are prepared once and reused, without ever sharing one or holding a stale read. */
class ReusedStatementsTest {

    @TempDir
    Path dir;
    private Database database;
    private final List<Statement> executed = new ArrayList<>();

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("test.db"));
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE numbers (n INTEGER)"));
        database.jdbi().useHandle(h -> h.execute("INSERT INTO numbers VALUES (1), (2), (3)"));
        // Observes, through Jdbi's own hook, which JDBC statement each execution ran on.
        database.jdbi().addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext ctx) {
                executed.add(statement);
            }
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theSameSqlRunsOnTheSameStatementAcrossCheckouts() {
        for (int i = 0; i < 3; i++) {
            int n = i + 1;
            int found = database.jdbi().withHandle(h -> h.createQuery("SELECT n FROM numbers WHERE n = :n")
                    .bind("n", n).mapTo(Integer.class).one());
            assertEquals(n, found);
        }
        assertEquals(3, executed.size());
        assertSame(executed.get(0), executed.get(1));
        assertSame(executed.get(1), executed.get(2));
    }

    @Test
    void aQueryRunAgainInsideItsOwnIterationGetsAStatementOfItsOwn() {
        String sql = "SELECT n FROM numbers ORDER BY n";
        List<Integer> inner = new ArrayList<>();
        database.jdbi().useHandle(h -> h.createQuery(sql).mapTo(Integer.class).useStream(outer ->
                outer.forEach(n -> inner.add(h.createQuery(sql).mapTo(Integer.class).list().size()))));
        assertEquals(List.of(3, 3, 3), inner);
        assertNotSame(executed.get(0), executed.get(1));
    }

    @Test
    void aKeptQueryThatReadOnlyItsFirstRowSeesLaterWritesOfAnotherConnection() {
        String count = "SELECT COUNT(*) FROM numbers";
        String first = "SELECT n FROM numbers ORDER BY n";
        assertEquals(1, firstNumber(first));
        // Another connection to the same file writes; a statement left mid-result would pin the old snapshot.
        Jdbi other = Jdbi.create("jdbc:sqlite:" + dir.resolve("test.db"));
        other.useHandle(h -> h.execute("INSERT INTO numbers VALUES (4)"));
        assertEquals(4, firstNumber(count));
        assertEquals(1, firstNumber(first));
        other.useHandle(h -> h.execute("INSERT INTO numbers VALUES (0)"));
        assertEquals(0, firstNumber(first));
    }

    /** Reads only the first row: the rest of the result is never stepped through. */
    private int firstNumber(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).first());
    }
}
