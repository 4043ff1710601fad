package org.plantflow.approval.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ImpactScope;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.RuleImpact;

/**
 * The impact statements (recorded rows a page at a time, the floor of the last n) on H2 in PostgreSQL mode with the
 * default statements and in Oracle mode with the {@code oracle} variants.
 */
class ImpactStatementsH2Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"postgres_mode, MODE=PostgreSQL, h2", "oracle_mode, MODE=Oracle;DEFAULT_NULL_ORDERING=HIGH, oracle"})
    void impact_reads_every_recorded_row_the_last_n_and_the_unrecorded_rows(String name, String mode, String databaseId)
            throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:impact_" + name + ";" + mode + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).databaseId(databaseId)
                .sweepInterval(java.time.Duration.ZERO).build()) {
            engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
            long firstStart = 0;
            for (int n = 0; n < 3; n++) {
                InstanceView i = engine.start("linear-contract", "IMP-H2-" + n, "zhang.clerk", Map.of());
                firstStart = n == 0 ? engine.history(i.id()).get(0).id() : firstStart;
                engine.pass(i.openTasks().get(0).id(), Actor.of("zhang.clerk", "fuel_clerk"), null);
            }
            long rows = count(ds, "select count(*) from pf_history where decision_record is not null");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("update pf_history set decision_record = null where id = " + firstStart);
            }

            RuleImpact all = engine.impact(Path.of("rules"), "linear-contract", ImpactScope.all());
            RuleImpact last = engine.impact(Path.of("rules"), "linear-contract", ImpactScope.last(1));

            assertThat(all.changed() + all.failed() + all.notReplayable()).as(all.text()).isZero();
            assertThat(all.evaluated()).isGreaterThanOrEqualTo((int) rows - 1);
            assertThat(all.unrecordedRows()).isEqualTo(1);
            assertThat(all.unrecorded().get(0).historyEntryId()).isEqualTo(firstStart);
            assertThat(all.unrecorded().get(0).businessKey()).isEqualTo("IMP-H2-0");
            assertThat(last.evaluated()).isPositive().isLessThan(all.evaluated());
            assertThat(last.unrecordedRows()).as("the unrecorded row is older than the last recorded row").isZero();
        }
    }

    private static long count(JdbcDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
