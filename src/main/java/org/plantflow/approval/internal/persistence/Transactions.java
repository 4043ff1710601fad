package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.transaction.TransactionFactory;

/**
 * How one engine call becomes one transaction. Plain Java: a JDBC transaction per call. Spring: join the
 * host's transaction when there is one (see {@code org.plantflow.approval.spring}).
 */
public interface Transactions {
    /** The MyBatis transaction factory the engine's configuration must use with this mode. */
    TransactionFactory transactionFactory();

    /** Called once the session factory exists. */
    void init(org.apache.ibatis.session.SqlSessionFactory factory);

    /** Runs the work in one transaction: commits when it returns, rolls back when it throws. */
    <T> T execute(Function<SqlSession, T> work);

    /**
     * Runs read-only work. Plain Java: in autocommit, no BEGIN/COMMIT round trip (each statement sees the data
     * committed when it starts, as under READ COMMITTED in a transaction). Default: as {@link #execute}.
     */
    default <T> T read(Function<SqlSession, T> work) {
        return execute(work);
    }
}
