package org.plantflow.approval.internal.demo;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.plantflow.approval.ApprovalException;

/**
 * The sample host schema of {@code sql/demo/} (contracts, suppliers, coal batches, settlements, stocktakes),
 * migrated with its own Flyway history table so it never mixes with the engine's schema or a host's.
 */
public final class DemoSchema {
    private DemoSchema() {
    }

    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure(DemoSchema.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:plantflow/sql/demo")
                    .table("pf_demo_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new ApprovalException("the sample host schema (sql/demo) could not be created: " + e.getMessage(), e);
        }
    }
}
