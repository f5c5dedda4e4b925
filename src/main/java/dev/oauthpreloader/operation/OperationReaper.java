package dev.oauthpreloader.operation;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails operations that outlived their deadline, whatever held them up: a provider that never
 * answered, a lost worker, a stopped node. This is what guarantees that no preloader polls forever.
 */
public final class OperationReaper implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OperationReaper.class);

    private final OperationStore operations;
    private final StatusWatch watch;
    private final Clock clock;

    public OperationReaper(OperationStore operations, StatusWatch watch, Clock clock) {
        this.operations = operations;
        this.watch = watch;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            List<String> overdue = operations.failOverdue(clock.millis());
            for (String publicId : overdue) {
                LOG.info("op={} failed: deadline passed", publicId);
                watch.changed(publicId);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; log and try on the next tick.
            LOG.warn("reaper pass failed: {}", e.getClass().getName());
        }
    }
}
