package dev.oauthpreloader.operation;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished operations past the retention period (the simulator cleans its own grants). */
public final class RetentionCleaner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionCleaner.class);

    private final OperationStore operations;
    private final Duration retention;
    private final Clock clock;

    public RetentionCleaner(OperationStore operations, Duration retention, Clock clock) {
        this.operations = operations;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long now = clock.millis();
            int deleted = operations.deleteFinishedBefore(now - retention.toMillis());
            if (deleted > 0) LOG.info("deleted {} operations older than {} days", deleted, retention.toDays());
        } catch (RuntimeException e) {
            LOG.warn("retention pass failed: {}", e.getClass().getName());
        }
    }
}
