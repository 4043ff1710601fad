package org.plantflow.approval;

/** A row's {@code version} changed between read and write: a concurrent call won. */
public class OptimisticLockException extends ConflictException {
    private final String table;
    private final long id;
    private final int expectedVersion;

    public OptimisticLockException(String table, long id, int expectedVersion) {
        super(table + " row " + id + " was changed by a concurrent call (expected version " + expectedVersion
                + "); nothing was changed by this call: reload it and try again");
        this.table = table;
        this.id = id;
        this.expectedVersion = expectedVersion;
    }

    public String table() {
        return table;
    }

    public long id() {
        return id;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
