package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.testsupport.TestPostgres;

/** A DBA runs the files of sql/postgresql by hand, in order; the engine, with migration off, works on that schema. */
class HandRunSchemaTest {

    @Test
    void the_engine_runs_with_migration_off_on_a_schema_created_from_the_sql_file_by_hand() throws Exception {
        DataSource ds = TestPostgres.newSchemaDataSource("hand_run");
        List<Path> scripts;
        try (var files = Files.list(Path.of("sql/postgresql"))) {
            scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(2);
        for (Path script : scripts) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(Files.readString(script));
            } catch (java.sql.SQLException e) {
                throw new AssertionError(script + " does not run on its own: " + e.getMessage(), e);
            }
        }
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).migrate(false).build()) {
            engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
            InstanceView i = engine.start("linear-contract", "FPC-DBA-1", "zhang.clerk", Map.of());
            i = engine.pass(i.openTasks().get(0).id(), Actor.of("zhang.clerk", "fuel_clerk"), null);
            assertThat(i.openTasks()).extracting(t -> t.nodeId()).containsExactly("fuel_manager_review");
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from information_schema.tables where table_name = 'pf_schema_history' and table_schema = current_schema()")) {
            rs.next();
            assertThat(rs.getLong(1)).as("Flyway must not have run").isZero();
        } finally {
            ((HikariDataSource) ds).close();
        }
    }
}
