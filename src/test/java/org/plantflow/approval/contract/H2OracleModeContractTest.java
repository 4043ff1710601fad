package org.plantflow.approval.contract;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * The contract on H2 in Oracle compatibility mode, with the Oracle scripts ({@code sql/oracle}) and the
 * Oracle mapper variants (H2 reports databaseId h2 in every mode, so it is forced).
 */
class H2OracleModeContractTest extends EngineContractTest {
    @Override
    protected DataSource createDataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:contract_oracle_mode;MODE=Oracle;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    @Override
    protected String databaseId() {
        return "oracle";
    }
}
