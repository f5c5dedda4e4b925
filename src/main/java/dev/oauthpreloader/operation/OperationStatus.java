package dev.oauthpreloader.operation;

/** The article's async_operation_status dictionary; ids match the rows schema.sql inserts. */
public enum OperationStatus {
    PENDING(1, "pending"),
    OK(2, "ok"),
    ERROR(3, "error");

    public final int id;
    public final String code;

    OperationStatus(int id, String code) {
        this.id = id;
        this.code = code;
    }

    public static OperationStatus byId(int id) {
        for (OperationStatus status : values()) if (status.id == id) return status;
        throw new IllegalArgumentException("unknown async_operation_status id " + id);
    }
}
