package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

/**
 * How one engine call becomes one transaction, and the {@link Store} it works through. Plain Java: a JDBC
 * transaction per call. Spring: the call joins the host's transaction when there is one. The store's held-back
 * writes are sent before the commit; a call that throws is rolled back and changes nothing.
 */
public interface Transactions {
    /** Runs the work in one transaction: commits when it returns, rolls back when it throws. */
    <T> T execute(Function<Store, T> work);

    /**
     * Runs read-only work. Plain Java: in autocommit, no BEGIN/COMMIT round trip (each statement sees the data
     * committed when it starts, as under READ COMMITTED in a transaction). Spring: as {@link #execute}.
     */
    <T> T read(Function<Store, T> work);
}
