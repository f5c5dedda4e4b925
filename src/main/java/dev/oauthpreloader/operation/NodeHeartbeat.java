package dev.oauthpreloader.operation;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other nodes that this one is alive (service_node.heartbeat_at), and fails the pending
 * operations of nodes that are not: their workers are gone, so their logins can never finish.
 */
public final class NodeHeartbeat implements Runnable {

    /** A node silent for this long is taken for dead. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final Jdbi jdbi;
    private final OperationStore operations;
    private final StatusWatch watch;
    private final String nodeId;
    private final Clock clock;

    public NodeHeartbeat(Jdbi jdbi, OperationStore operations, StatusWatch watch, String nodeId, Clock clock) {
        this.jdbi = jdbi;
        this.operations = operations;
        this.watch = watch;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long now = clock.millis();
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO service_node (node_id, started_at, heartbeat_at) VALUES (:node, :now, :now)
                            ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at""")
                    .bind("node", nodeId).bind("now", now).execute());
            for (String publicId : operations.failOrphaned(now - STALE_AFTER.toMillis(), now)) {
                LOG.info("op={} failed: its node stopped", publicId);
                watch.changed(publicId);
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed: {}", e.getClass().getName());
        }
    }
}
