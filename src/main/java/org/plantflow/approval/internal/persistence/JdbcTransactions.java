package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** One JDBC transaction per engine call, on a connection of its own; statements are reused within the call. */
final class JdbcTransactions implements Transactions {
    private final SqlSessionFactory factory;

    JdbcTransactions(SqlSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public <T> T execute(Function<Store, T> work) {
        try (SqlSession session = factory.openSession(ExecutorType.REUSE, false)) {
            try {
                MyBatisStore store = new MyBatisStore(session);
                T result = work.apply(store);
                store.flush();
                session.commit(true);
                return result;
            } catch (RuntimeException | Error e) {
                session.rollback(true);
                throw e;
            }
        }
    }

    @Override
    public <T> T read(Function<Store, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(new MyBatisStore(session));
        }
    }
}
