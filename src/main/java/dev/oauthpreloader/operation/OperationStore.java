package dev.oauthpreloader.operation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The async_operation table. Every transition out of pending is a conditional update
 * ({@code WHERE async_operation_status_id = pending}), so a worker, the reaper and a shutdown can
 * race for the same row and exactly one of them decides its outcome.
 */
public final class OperationStore {

    private static final String COLUMNS = """
            public_id, async_operation_status_id, provider, stage, error_reason, user_profile_id,
            session_binding, created_at, deadline_at, finished_at, consumed_at, purpose""";

    /** What the writes that end an operation hand back (SQLite 3.35+ and PostgreSQL both return rows from an UPDATE). */
    private static final String RETURNING = " RETURNING public_id, provider, async_operation_status_id, error_reason,"
            + " created_at, finished_at, queue_ms, token_ms, profile_ms, save_ms";

    /** Sets each stage's time without erasing one an earlier write recorded. */
    private static final String SET_TIMINGS = """
            queue_ms = COALESCE(:queueMs, queue_ms), token_ms = COALESCE(:tokenMs, token_ms),
            profile_ms = COALESCE(:profileMs, profile_ms), save_ms = COALESCE(:saveMs, save_ms)""";

    private final Jdbi jdbi;
    private final String nodeId;
    private volatile OperationEvents events = OperationEvents.NONE;
    private volatile ChangeNotices notices = ChangeNotices.NONE;

    /** @param nodeId the node whose workers run the operations this store inserts */
    public OperationStore(Jdbi jdbi, String nodeId) {
        this.jdbi = jdbi;
        this.nodeId = nodeId;
    }

    /** Whom to tell of every operation this store starts or ends (metrics). */
    public void observe(OperationEvents events) {
        this.events = events;
    }

    /** How every change of an operation's status or stage is announced to the other nodes. */
    public void announceChanges(ChangeNotices notices) {
        this.notices = notices;
    }

    public void insertPending(String publicId, String provider, String sessionBinding, long now, long deadlineAt) {
        jdbi.useHandle(h -> insertPending(h, publicId, provider, sessionBinding, null, now, deadlineAt));
        events.started(provider);
    }

    /**
     * Inserts the pending operation of one callback, unless a request carrying the same callback got
     * there first: the claim is a unique key in the database, so concurrent replays of one callback,
     * on any node, start exactly one exchange.
     *
     * @param callbackHash a hash of what identifies the redirect this callback answers (its state)
     * @param linkUserProfileId the logged-in account a "connect" adds the identity to; null for a login
     * @return the public id of the operation this callback belongs to: {@code publicId} if this request won
     */
    public String insertPendingOnce(String callbackHash, String publicId, String provider, String sessionBinding,
                                    Long linkUserProfileId, long now, long deadlineAt) {
        String owner = claimed(callbackHash, publicId, now,
                h -> insertPending(h, publicId, provider, sessionBinding, linkUserProfileId, now, deadlineAt));
        if (owner.equals(publicId)) events.started(provider);
        return owner;
    }

    /** Records, once per callback, an attempt that failed before any exchange could start (a cancelled consent, say). */
    public String insertFailedOnce(String callbackHash, String publicId, String provider, String sessionBinding,
                                   FailureReason reason, long now) {
        String owner = claimed(callbackHash, publicId, now, h -> h.createUpdate("""
                        INSERT INTO async_operation (public_id, async_operation_status_id, provider, session_binding,
                                                     stage, error_reason, created_at, deadline_at, finished_at, node_id)
                        VALUES (:publicId, :error, :provider, :binding, :stage, :reason, :now, :now, :now, :node)""")
                .bind("node", nodeId)
                .bind("publicId", publicId).bind("error", OperationStatus.ERROR.id)
                .bind("provider", provider).bind("binding", sessionBinding)
                .bind("stage", Stage.QUEUED.code).bind("reason", reason.code).bind("now", now)
                .execute());
        if (owner.equals(publicId)) {
            events.started(provider);
            events.finished(List.of(new FinishedOperation(publicId, provider, OperationStatus.ERROR, reason, now, now, StageTimings.NONE)));
        }
        return owner;
    }

    /** The claim first: on PostgreSQL a concurrent claimer waits on the unique key until this one commits. */
    private String claimed(String callbackHash, String publicId, long now, java.util.function.Consumer<Handle> insert) {
        return jdbi.inTransaction(h -> {
            int won = h.createUpdate("""
                            INSERT INTO callback_claim (callback_hash, public_id, created_at) VALUES (:hash, :id, :now)
                            ON CONFLICT (callback_hash) DO NOTHING""")
                    .bind("hash", callbackHash).bind("id", publicId).bind("now", now).execute();
            if (won == 1) {
                insert.accept(h);
                return publicId;
            }
            return h.createQuery("SELECT public_id FROM callback_claim WHERE callback_hash = :hash")
                    .bind("hash", callbackHash).mapTo(String.class).one();
        });
    }

    private void insertPending(Handle h, String publicId, String provider, String sessionBinding, Long linkUserProfileId,
                               long now, long deadlineAt) {
        h.createUpdate("""
                        INSERT INTO async_operation (public_id, async_operation_status_id, provider, session_binding,
                                                     link_user_profile_id, stage, created_at, deadline_at, node_id)
                        VALUES (:publicId, :pending, :provider, :binding, :link, :stage, :now, :deadline, :node)""")
                .bind("node", nodeId).bind("link", linkUserProfileId)
                .bind("publicId", publicId).bind("pending", OperationStatus.PENDING.id)
                .bind("provider", provider).bind("binding", sessionBinding)
                .bind("stage", Stage.QUEUED.code).bind("now", now).bind("deadline", deadlineAt)
                .execute();
    }

    /**
     * Inserts a pending "show what the provider says now" for {@code userProfileId}. Not counted as
     * a login start in the metrics: no login is attempted.
     */
    public void insertFresh(String publicId, String provider, String sessionBinding, long userProfileId, long now, long deadlineAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO async_operation (public_id, async_operation_status_id, user_profile_id, provider, session_binding,
                                                     stage, created_at, deadline_at, node_id, purpose)
                        VALUES (:publicId, :pending, :user, :provider, :binding, :stage, :now, :deadline, :node, :purpose)""")
                .bind("publicId", publicId).bind("pending", OperationStatus.PENDING.id).bind("user", userProfileId)
                .bind("provider", provider).bind("binding", sessionBinding).bind("stage", Stage.QUEUED.code)
                .bind("now", now).bind("deadline", deadlineAt).bind("node", nodeId).bind("purpose", Operation.FRESH)
                .execute());
    }

    /** Ends a pending fresh-data operation: ok when {@code reason} is null. Told to other nodes, not to the login metrics. */
    public boolean finishFresh(String publicId, FailureReason reason, long now) {
        return jdbi.withHandle(h -> {
            // An error keeps the stage it reached, as a login's does.
            boolean won = h.createUpdate("UPDATE async_operation SET async_operation_status_id = :status, error_reason = :reason, "
                            + (reason == null ? "stage = :done, " : "") + """
                            finished_at = :now WHERE public_id = :id AND async_operation_status_id = :pending""")
                    .bind("status", reason == null ? OperationStatus.OK.id : OperationStatus.ERROR.id)
                    .bind("reason", reason == null ? null : reason.code).bind("done", Stage.DONE.code)
                    .bind("now", now).bind("id", publicId).bind("pending", OperationStatus.PENDING.id).execute() == 1;
            if (won) notices.announce(h, List.of(publicId));
            return won;
        });
    }

    public Optional<Operation> find(String publicId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM async_operation WHERE public_id = :id")
                .bind("id", publicId).map(OperationStore::map).findOne());
    }

    public List<Operation> findAll(List<String> publicIds) {
        if (publicIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM async_operation WHERE public_id IN (<ids>)")
                .bindList("ids", publicIds).map(OperationStore::map).list());
    }

    /**
     * Moves a pending operation to the next stage, recording the times of the stages before it in
     * the same write; false once it is finished (the reaper won). Only a fresh-data fetch writes its
     * stage: a login's stages live in the StatusWatch of the node that runs it.
     */
    public boolean advance(String publicId, Stage stage, StageTimings timings) {
        return jdbi.withHandle(h -> {
            boolean moved = bindTimings(h.createUpdate(
                            "UPDATE async_operation SET stage = :stage, " + SET_TIMINGS
                            + " WHERE public_id = :id AND async_operation_status_id = :pending"), timings)
                    .bind("stage", stage.code).bind("id", publicId).bind("pending", OperationStatus.PENDING.id)
                    .execute() == 1;
            if (moved) notices.announce(h, List.of(publicId));
            return moved;
        });
    }

    /**
     * After a cancel, the reaper or a shutdown ended the operation while its worker ran: records on
     * the row the stage the worker had reached and the times of the stages before it, which only
     * the worker knew (a login's stages are not written while it runs). Touches only such a row.
     */
    public void recordReached(String publicId, Stage reached, StageTimings timings) {
        jdbi.useHandle(h -> bindTimings(h.createUpdate("UPDATE async_operation SET stage = :stage, " + SET_TIMINGS
                        + " WHERE public_id = :id AND async_operation_status_id = :error AND stage = :queued"), timings)
                .bind("stage", reached.code).bind("id", publicId).bind("error", OperationStatus.ERROR.id)
                .bind("queued", Stage.QUEUED.code).execute());
    }

    public boolean succeed(String publicId, long userProfileId, long now, StageTimings timings) {
        List<FinishedOperation> won = jdbi.withHandle(h -> announced(bindTimings(h.createQuery("""
                        UPDATE async_operation
                        SET async_operation_status_id = :ok, user_profile_id = :user, stage = :done, finished_at = :now,
                        """ + SET_TIMINGS + " WHERE public_id = :id AND async_operation_status_id = :pending" + RETURNING), timings)
                .bind("ok", OperationStatus.OK.id).bind("user", userProfileId).bind("done", Stage.DONE.code)
                .bind("now", now).bind("id", publicId).bind("pending", OperationStatus.PENDING.id)
                .map(OperationStore::finished).list(), h));
        return told(won);
    }

    /** Fails a pending operation at the stage its row holds. */
    public boolean fail(String publicId, FailureReason reason, long now) {
        return fail(publicId, reason, null, now, StageTimings.NONE);
    }

    /**
     * Its worker fails a pending operation, recording the stage it reached (the row holds no stages
     * while the worker runs; see StatusWatch) and how long the stages it went through took.
     */
    public boolean fail(String publicId, FailureReason reason, Stage reached, long now, StageTimings timings) {
        List<FinishedOperation> won = jdbi.withHandle(h -> announced(bindTimings(h.createQuery("""
                        UPDATE async_operation
                        SET async_operation_status_id = :error, error_reason = :reason, finished_at = :now,
                            stage = COALESCE(:stage, stage),
                        """ + SET_TIMINGS + " WHERE public_id = :id AND async_operation_status_id = :pending" + RETURNING), timings)
                .bind("error", OperationStatus.ERROR.id).bind("reason", reason.code).bind("now", now)
                .bind("stage", reached == null ? null : reached.code)
                .bind("id", publicId).bind("pending", OperationStatus.PENDING.id)
                .map(OperationStore::finished).list(), h));
        return told(won);
    }

    /** Announces, on the handle that wrote them, the operations a write ended. */
    private List<FinishedOperation> announced(List<FinishedOperation> finished, Handle h) {
        notices.announce(h, finished.stream().map(FinishedOperation::publicId).toList());
        return finished;
    }

    /** Tells the listeners of what a write ended; true when it ended anything (the write won the race). */
    private boolean told(List<FinishedOperation> finished) {
        if (!finished.isEmpty()) events.finished(finished);
        return !finished.isEmpty();
    }

    /**
     * Marks an ok operation as used by the session that owns it. True exactly once per operation:
     * this is what makes a login single-use even when /success is requested twice at the same time.
     */
    public boolean consume(String publicId, String sessionBinding, long now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE async_operation SET consumed_at = :now
                        WHERE public_id = :id AND session_binding = :binding
                          AND async_operation_status_id = :ok AND consumed_at IS NULL""")
                .bind("now", now).bind("id", publicId).bind("binding", sessionBinding)
                .bind("ok", OperationStatus.OK.id)
                .execute()) == 1;
    }

    /** Fails every pending operation whose deadline has passed; returns their public ids. */
    public List<String> failOverdue(long now) {
        return failPendingWhere("deadline_at <= :now", now, FailureReason.TIMEOUT);
    }

    /** Fails this node's pending operations: at start-up, what its previous process left behind; at shutdown, what it cannot finish. */
    public List<String> failOwnPending(FailureReason reason, long now) {
        return failPendingWhere("node_id = :node", now, reason);
    }

    /** Fails the pending operations of nodes that stopped heartbeating before {@code staleBefore}. */
    public List<String> failOrphaned(long staleBefore, long now) {
        return failPendingWhere("""
                node_id <> :node AND node_id NOT IN (SELECT node_id FROM service_node WHERE heartbeat_at >= :stale)""",
                now, FailureReason.NODE_LOST, staleBefore);
    }

    /** Deletes finished operations created before {@code cutoff}; returns how many. */
    public int deleteFinishedBefore(long cutoff) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM callback_claim WHERE created_at < :cutoff").bind("cutoff", cutoff).execute();
            return h.createUpdate("""
                            DELETE FROM async_operation WHERE created_at < :cutoff AND async_operation_status_id <> :pending""")
                    .bind("cutoff", cutoff).bind("pending", OperationStatus.PENDING.id).execute();
        });
    }

    private List<String> failPendingWhere(String condition, long now, FailureReason reason) {
        return failPendingWhere(condition, now, reason, 0);
    }

    private List<String> failPendingWhere(String condition, long now, FailureReason reason, long staleBefore) {
        List<FinishedOperation> failed = jdbi.withHandle(h -> announced(h.createQuery("""
                        UPDATE async_operation
                        SET async_operation_status_id = :error, error_reason = :reason, finished_at = :now
                        WHERE async_operation_status_id = :pending AND\s""" + condition + RETURNING)
                .bind("error", OperationStatus.ERROR.id).bind("reason", reason.code).bind("now", now)
                .bind("pending", OperationStatus.PENDING.id).bind("node", nodeId).bind("stale", staleBefore)
                .map(OperationStore::finished).list(), h));
        told(failed);
        return failed.stream().map(FinishedOperation::publicId).toList();
    }

    private static FinishedOperation finished(ResultSet rs, StatementContext ctx) throws SQLException {
        String reason = rs.getString("error_reason");
        return new FinishedOperation(rs.getString("public_id"), rs.getString("provider"),
                OperationStatus.byId(rs.getInt("async_operation_status_id")), reason == null ? null : FailureReason.byCode(reason),
                rs.getLong("created_at"), rs.getLong("finished_at"),
                new StageTimings(nullableLong(rs, "queue_ms"), nullableLong(rs, "token_ms"),
                        nullableLong(rs, "profile_ms"), nullableLong(rs, "save_ms")));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static <T extends SqlStatement<T>> T bindTimings(T statement, StageTimings timings) {
        return statement.bind("queueMs", timings.queueMs()).bind("tokenMs", timings.tokenMs())
                .bind("profileMs", timings.profileMs()).bind("saveMs", timings.saveMs());
    }

    private static Operation map(ResultSet rs, StatementContext ctx) throws SQLException {
        String reason = rs.getString("error_reason");
        long user = rs.getLong("user_profile_id");
        Long userId = rs.wasNull() ? null : user;
        long finished = rs.getLong("finished_at");
        Long finishedAt = rs.wasNull() ? null : finished;
        long consumed = rs.getLong("consumed_at");
        Long consumedAt = rs.wasNull() ? null : consumed;
        return new Operation(
                rs.getString("public_id"),
                OperationStatus.byId(rs.getInt("async_operation_status_id")),
                rs.getString("provider"),
                Stage.byCode(rs.getString("stage")),
                reason == null ? null : FailureReason.byCode(reason),
                userId,
                rs.getString("session_binding"),
                rs.getLong("created_at"),
                rs.getLong("deadline_at"),
                finishedAt,
                consumedAt,
                rs.getString("purpose"));
    }
}
