package org.plantflow.approval.internal.persistence;

import java.util.function.Function;

import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSessionFactory;
import org.mybatis.spring.SqlSessionTemplate;
import org.mybatis.spring.transaction.SpringManagedTransactionFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Engine calls inside Spring: each call runs with PROPAGATION_REQUIRED on the host's transaction manager,
 * so it joins the host's {@code @Transactional} method when there is one (and rolls back with it), and is
 * its own transaction otherwise. MyBatis gets the Spring-bound connection through
 * {@link SpringManagedTransactionFactory}; the host's own MyBatis settings are not touched. Loaded only when
 * the engine is built with a Spring transaction manager (Spring and mybatis-spring are the host's).
 */
final class SpringTransactions implements Transactions {
    private final TransactionTemplate template;
    private SqlSessionTemplate sessions;

    SpringTransactions(Object transactionManager) {
        this.template = new TransactionTemplate((PlatformTransactionManager) transactionManager);
    }

    static org.apache.ibatis.transaction.TransactionFactory transactionFactory() {
        return new SpringManagedTransactionFactory();
    }

    SpringTransactions init(SqlSessionFactory factory) {
        this.sessions = new SqlSessionTemplate(factory, ExecutorType.REUSE);
        return this;
    }

    @Override
    public <T> T execute(Function<Store, T> work) {
        return template.execute(status -> {
            MyBatisStore store = new MyBatisStore(sessions);
            T result = work.apply(store);
            store.flush();
            return result;
        });
    }

    @Override
    public <T> T read(Function<Store, T> work) {
        return execute(work);
    }
}
