package org.plantflow.approval.internal.persistence;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the engine schema up to date with Flyway, from {@code sql/<databaseId>/}. Uses its own history
 * table ({@code pf_schema_history}) so it never touches a host's Flyway, and baselines at 0 so it runs
 * in a schema that already holds the host's tables. When that table already records every script of the folder,
 * unchanged ({@link SchemaVersions}), Flyway is not started at all.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    public static void migrate(DataSource dataSource, ResourceFolder sql, String databaseId) {
        if (SchemaVersions.upToDate(dataSource, sql, databaseId)) {
            return; // every script applied, unchanged: what Flyway would conclude, without its start-up
        }
        String location = sql.flywayLocation(databaseId);
        try {
            MigrateResult r = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(location)
                    .table("pf_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            if (r.migrationsExecuted > 0) {
                LOG.info("plantflow schema migrated to version {} ({} migration(s) from {})", r.targetSchemaVersion,
                        r.migrationsExecuted, location);
            }
        } catch (RuntimeException e) {
            throw new ApprovalException("schema migration from " + location + " failed: " + e.getMessage()
                    + "; fix the database or run the scripts by hand and start with migration turned off", e);
        }
    }
}
