package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.TransactionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * One JDBC transaction per engine call, on a connection of its own; statements are reused within the call. A lost
 * database connection reaches the caller as a {@link org.plantflow.approval.DatabaseUnavailableException}
 * ({@link DatabaseFailures}); a rollback that fails too never hides the failure that caused it.
 */
public final class JdbcTransactions implements Transactions {
    private SqlSessionFactory factory;

    @Override
    public TransactionFactory transactionFactory() {
        return new JdbcTransactionFactory();
    }

    @Override
    public void init(SqlSessionFactory f) {
        this.factory = f;
    }

    @Override
    public <T> T execute(Function<SqlSession, T> work) {
        try (SqlSession session = factory.openSession(ExecutorType.REUSE, false)) {
            T result;
            try {
                result = work.apply(session);
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
    public <T> T read(Function<SqlSession, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session);
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
