package org.plantflow.approval.spring;

import java.util.function.Function;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.TransactionFactory;
import org.mybatis.spring.SqlSessionTemplate;
import org.mybatis.spring.transaction.SpringManagedTransactionFactory;
import org.plantflow.approval.internal.persistence.Transactions;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Engine calls inside Spring: each call runs with PROPAGATION_REQUIRED on the host's transaction manager,
 * so it joins the host's {@code @Transactional} method when there is one (and rolls back with it), and is
 * its own transaction otherwise. MyBatis gets the Spring-bound connection through
 * {@link SpringManagedTransactionFactory}; the host's own MyBatis settings are not touched.
 */
final class SpringTransactions implements Transactions {
    private final TransactionTemplate template;
    private SqlSessionTemplate sessions;

    SpringTransactions(PlatformTransactionManager transactionManager) {
        this.template = new TransactionTemplate(transactionManager);
    }

    @Override
    public TransactionFactory transactionFactory() {
        return new SpringManagedTransactionFactory();
    }

    @Override
    public void init(SqlSessionFactory factory) {
        this.sessions = new SqlSessionTemplate(factory, org.apache.ibatis.session.ExecutorType.REUSE);
    }

    @Override
    public <T> T execute(Function<SqlSession, T> work) {
        return template.execute(status -> work.apply(sessions));
    }
}
