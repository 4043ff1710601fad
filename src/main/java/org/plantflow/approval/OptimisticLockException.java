package org.plantflow.approval;

import java.util.Map;

/**
 * A row's {@code version} changed between read and write: a concurrent call won. Fields: {@link #table()},
 * {@link #id()} and {@link #expectedVersion()} of the row, and in {@link #subject()} the instance (and for a task
 * or node activation row: the task and node) it belongs to.
 */
public class OptimisticLockException extends ConflictException {
    private final String table;
    private final long id;
    private final int expectedVersion;

    public OptimisticLockException(String table, long id, int expectedVersion, Subject subject) {
        super(subject, table + " row " + id + " was changed by a concurrent call (expected version " + expectedVersion
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

    /** Adds {@code table}, {@code rowId} and {@code expectedVersion}. */
    @Override
    protected void addDetails(Map<String, Object> details) {
        details.put("table", table);
        details.put("rowId", id);
        details.put("expectedVersion", expectedVersion);
    }
}
