package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.TransactionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** One JDBC transaction per engine call, on a connection of its own; statements are reused within the call. */
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
        try (SqlSession session = factory.openSession(org.apache.ibatis.session.ExecutorType.REUSE, false)) {
            try {
                T result = work.apply(session);
                session.commit(true);
                return result;
            } catch (RuntimeException | Error e) {
                session.rollback(true);
                throw e;
            }
        }
    }

    @Override
    public <T> T read(Function<SqlSession, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session);
        }
    }
}
