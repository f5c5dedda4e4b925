package dev.oauthpreloader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's one connection goes to one handle at a time, and comes back as the next one expects it. */
class SqliteConnectionTest {

    @TempDir
    Path dir;
    private Database database;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("test.db"));
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE numbers (n INTEGER)"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aSecondHandleWaitsUntilTheFirstIsClosed() throws Exception {
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<Void> holder = new FutureTask<>(() -> {
            database.jdbi().useHandle(h -> {
                h.execute("INSERT INTO numbers VALUES (1)");
                opened.countDown();
                release.await();
            });
            return null;
        });
        new Thread(holder).start();
        opened.await(5, TimeUnit.SECONDS);
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(this::count);
        Thread.sleep(200);
        assertFalse(waiter.isDone(), "the connection is still lent out");
        release.countDown();
        assertEquals(1, waiter.get(5, TimeUnit.SECONDS));
        holder.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSecondHandleOnTheSameThreadIsRefusedRatherThanSharingTheTransaction() throws Exception {
        try (Handle first = database.jdbi().open()) {
            first.begin();
            first.execute("INSERT INTO numbers VALUES (1)");
            RuntimeException refused = assertThrows(RuntimeException.class, () -> database.jdbi().open().close());
            assertEquals(IllegalStateException.class, rootCause(refused).getClass());
            first.rollback();
        }
        // The connection came back after the refusal, and free: another thread gets it at once.
        assertEquals(0, CompletableFuture.supplyAsync(this::count).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aTransactionLeftOpenIsRolledBackBeforeTheNextHandleGetsTheConnection() {
        try (Handle careless = database.jdbi().open()) {
            careless.begin();
            careless.execute("INSERT INTO numbers VALUES (1)");
        } catch (RuntimeException expected) {
            // Jdbi says the transaction was left open; what matters is what the next handle finds.
        }
        assertEquals(0, count());
        database.jdbi().useHandle(h -> h.execute("INSERT INTO numbers VALUES (2)"));
        assertEquals(1, count(), "the next handle commits each statement again");
    }

    private int count() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM numbers").mapTo(Integer.class).one());
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e;
    }
}
