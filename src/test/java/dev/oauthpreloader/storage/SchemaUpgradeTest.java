package dev.oauthpreloader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite file made before async_operation.purpose and identity_token.refresh_after existed is upgraded once, then left alone. */
@Tag("unit")
class SchemaUpgradeTest {

    @Test
    void an_existing_sqlite_database_gains_the_new_columns_and_a_second_start_changes_nothing(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        Jdbi.create(url).useHandle(h -> {
            h.execute("CREATE TABLE async_operation (id INTEGER PRIMARY KEY, public_id VARCHAR(43) NOT NULL UNIQUE)");
            h.execute("INSERT INTO async_operation (public_id) VALUES ('an-old-login-from-before-the-column')");
            h.execute("CREATE TABLE identity_token (identity_id BIGINT PRIMARY KEY, key_id VARCHAR(64) NOT NULL)");
        });
        Database.open(url).close();
        Database.open(url).close(); // the second start finds the columns and skips them
        Jdbi jdbi = Jdbi.create(url);
        assertEquals("login", jdbi.withHandle(h -> h.createQuery("SELECT purpose FROM async_operation").mapTo(String.class).one()));
        assertEquals(Integer.valueOf(1), jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery(
                "SELECT count(*) FROM pragma_table_info('identity_token') WHERE name = 'refresh_after'").mapTo(Integer.class).one()));
    }
}
