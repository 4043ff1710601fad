package org.plantflow.approval.contract;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The contract on H2 in PostgreSQL compatibility mode with the H2 scripts. */
class H2PostgresModeContractTest extends EngineContractTest {
    @Override
    protected DataSource createDataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:contract_pg_mode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
