package org.plantflow.approval.contract;

import javax.sql.DataSource;

import org.plantflow.approval.testsupport.TestPostgres;

/** The contract on a real PostgreSQL: embedded by default, external when PLANTFLOW_TEST_PG_URL is set. */
class PostgresContractTest extends EngineContractTest {
    @Override
    protected DataSource createDataSource() {
        return TestPostgres.newSchemaDataSource("contract");
    }
}
