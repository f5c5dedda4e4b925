package dev.oauthpreloader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.oauthpreloader.support.RunningService;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * schema.sql runs at every start, on databases made by earlier versions too: a column added since
 * (identity.last_used_at) appears in an old table, its rows kept, on SQLite and PostgreSQL alike.
 */
class SchemaUpgradeTest {

    @TempDir
    Path directory;

    @Test
    void a_database_made_before_last_used_at_gains_the_column_and_keeps_its_rows() {
        String url = RunningService.testDatabaseUrl(directory);
        Jdbi old = Jdbi.create(url);
        old.useHandle(h -> {
            // identity as the schema had it before last_used_at.
            h.execute("CREATE TABLE user_profile (id BIGINT PRIMARY KEY, first_name VARCHAR(200), last_name VARCHAR(200),"
                    + " email VARCHAR(320), created_at BIGINT NOT NULL, last_login_at BIGINT)");
            h.execute("CREATE TABLE identity (id BIGINT PRIMARY KEY, user_profile_id BIGINT NOT NULL REFERENCES user_profile (id),"
                    + " provider VARCHAR(64) NOT NULL, provider_user_id VARCHAR(255) NOT NULL, email VARCHAR(320),"
                    + " email_verified BOOLEAN NOT NULL DEFAULT FALSE, created_at BIGINT NOT NULL, UNIQUE (provider, provider_user_id))");
            h.execute("INSERT INTO user_profile (id, first_name, created_at) VALUES (1, 'Ada', 5)");
            h.execute("INSERT INTO identity (id, user_profile_id, provider, provider_user_id, created_at) VALUES (1, 1, 'github', '42', 5)");
        });

        for (int start = 0; start < 2; start++) { // and a second start finds nothing left to do
            try (Database database = Database.open(url)) {
                database.jdbi().useHandle(h -> {
                    assertNull(h.createQuery("SELECT last_used_at FROM identity WHERE id = 1").mapTo(Long.class).one());
                    h.execute("UPDATE identity SET last_used_at = 7 WHERE id = 1");
                    assertEquals(7L, h.createQuery("SELECT last_used_at FROM identity WHERE provider_user_id = '42'").mapTo(Long.class).one());
                    h.execute("UPDATE identity SET last_used_at = NULL WHERE id = 1");
                });
            }
        }
    }
}
