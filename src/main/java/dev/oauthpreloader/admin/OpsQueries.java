package dev.oauthpreloader.admin;

import dev.oauthpreloader.operation.OperationStatus;
import dev.oauthpreloader.operation.StageTimings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The read-only questions the operations view, the metrics and the health check ask of the database. */
public final class OpsQueries {

    private static final String SELECT = """
            SELECT o.public_id, o.provider, s.code AS status, o.stage, o.error_reason, o.created_at, o.finished_at,
                   o.node_id, o.queue_ms, o.token_ms, o.profile_ms, o.save_ms
            FROM async_operation o JOIN async_operation_status s ON s.id = o.async_operation_status_id
            """;

    private final Jdbi jdbi;

    public OpsQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<TimedOperation> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY o.created_at DESC, o.id DESC LIMIT :limit")
                .bind("limit", limit).map(OpsQueries::map).list());
    }

    /** Operations created at or after {@code since}, newest first, at most {@code limit}. */
    public List<TimedOperation> createdSince(long since, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE o.created_at >= :since ORDER BY o.created_at DESC LIMIT :limit")
                .bind("since", since).bind("limit", limit).map(OpsQueries::map).list());
    }

    /** Pending operations whose exchange runs on {@code nodeId}; served by the (node_id, status) index. */
    public int pendingOn(String nodeId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM async_operation WHERE node_id = :node AND async_operation_status_id = :pending""")
                .bind("node", nodeId).bind("pending", OperationStatus.PENDING.id).mapTo(Integer.class).one());
    }

    /** The cheapest question that proves a pooled connection works. */
    public void ping() {
        jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    private static TimedOperation map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new TimedOperation(
                rs.getString("public_id"),
                rs.getString("provider"),
                rs.getString("status"),
                rs.getString("stage"),
                rs.getString("error_reason"),
                rs.getLong("created_at"),
                nullableLong(rs, "finished_at"),
                rs.getString("node_id"),
                new StageTimings(nullableLong(rs, "queue_ms"), nullableLong(rs, "token_ms"),
                        nullableLong(rs, "profile_ms"), nullableLong(rs, "save_ms")));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
