package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * One JDBC transaction per engine call, on a connection of its own; statements are reused within the call. A lost
 * database connection reaches the caller as a {@link org.plantflow.approval.DatabaseUnavailableException}
 * ({@link DatabaseFailures}); a rollback that fails too never hides the failure that caused it.
 */
final class JdbcTransactions implements Transactions {
    private final SqlSessionFactory factory;

    JdbcTransactions(SqlSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public <T> T execute(Function<Store, T> work) {
        try (SqlSession session = factory.openSession(ExecutorType.REUSE, false)) {
            T result;
            try {
                MyBatisStore store = new MyBatisStore(session);
                result = work.apply(store);
                store.flush(); // held-back writes: a failure here is still before the commit
            } catch (Error e) {
                RuntimeException rollbackFailure = rollBack(session);
                if (rollbackFailure != null) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } catch (RuntimeException e) {
                throw DatabaseFailures.beforeCommit(e, rollBack(session));
            }
            try {
                session.commit(true);
            } catch (RuntimeException e) {
                throw DatabaseFailures.whileCommitting(e, rollBack(session));
            }
            return result;
        }
    }

    @Override
    public <T> T read(Function<Store, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(new MyBatisStore(session));
        } catch (RuntimeException e) {
            throw DatabaseFailures.beforeCommit(e, null);
        }
    }

    /** Rolls the call back; returns the rollback's own failure (a lost connection, mostly) instead of throwing it. */
    private static RuntimeException rollBack(SqlSession session) {
        try {
            session.rollback(true);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
