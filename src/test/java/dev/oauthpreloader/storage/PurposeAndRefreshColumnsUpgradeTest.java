package dev.oauthpreloader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite file made before async_operation.purpose and identity_token.refresh_after existed is upgraded once, then left alone. */
@Tag("unit")
class PurposeAndRefreshColumnsUpgradeTest {

    @Test
    void an_existing_sqlite_database_gains_the_new_columns_and_a_second_start_changes_nothing(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        // The schema as it was before: today's, less the two columns added since.
        Database.open(url).close();
        Jdbi.create(url).useHandle(h -> {
            h.execute("ALTER TABLE async_operation DROP COLUMN purpose");
            h.execute("ALTER TABLE identity_token DROP COLUMN refresh_after");
            h.execute("INSERT INTO async_operation_status (id, code) VALUES (9, 'x') ON CONFLICT DO NOTHING");
            h.execute("""
                    INSERT INTO async_operation (public_id, async_operation_status_id, provider, session_binding, stage,
                                                 created_at, deadline_at, node_id)
                    VALUES ('an-old-login-from-before-the-column', 2, 'simulator', 'b', 'done', 0, 0, 'n')""");
        });
        Database.open(url).close();
        Database.open(url).close(); // the second start finds the columns and skips them
        Jdbi jdbi = Jdbi.create(url);
        assertEquals("login", jdbi.withHandle(h -> h.createQuery("SELECT purpose FROM async_operation").mapTo(String.class).one()));
        assertEquals(Integer.valueOf(1), jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery(
                "SELECT count(*) FROM pragma_table_info('identity_token') WHERE name = 'refresh_after'").mapTo(Integer.class).one()));
    }
}
