package dev.oauthpreloader.operation;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished operations past the retention period, and the simulator's spent grants. */
public final class RetentionCleaner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionCleaner.class);
    private static final Duration SIMULATOR_GRANT_LIFETIME = Duration.ofHours(1);

    private final Jdbi jdbi;
    private final OperationStore operations;
    private final Duration retention;
    private final Clock clock;

    public RetentionCleaner(Jdbi jdbi, OperationStore operations, Duration retention, Clock clock) {
        this.jdbi = jdbi;
        this.operations = operations;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long now = clock.millis();
            int deleted = operations.deleteFinishedBefore(now - retention.toMillis());
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM simulator_grant WHERE created_at < :cutoff")
                    .bind("cutoff", now - SIMULATOR_GRANT_LIFETIME.toMillis()).execute());
            if (deleted > 0) LOG.info("deleted {} operations older than {} days", deleted, retention.toDays());
        } catch (RuntimeException e) {
            LOG.warn("retention pass failed: {}", e.getClass().getName());
        }
    }
}
