package org.plantflow.approval.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.plantflow.approval.RulesInvalidException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.testsupport.TestPostgres;
import org.plantflow.approval.testsupport.TestRules;

/**
 * An analyst changes the general-manager limit in one DRL file, and the scenario rows that state it, and reloads: the
 * next decision follows it. Changing the number alone is refused by the rows it breaks (the rules before keep serving).
 */
class ThresholdChangeTest {

    @Test
    void lowering_the_general_manager_limit_in_the_drl_and_reloading_changes_the_route_of_the_next_contract() throws Exception {
        DataSource ds = TestPostgres.newSchemaDataSource("threshold");
        DemoSchema.migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into demo_contract values ('TH-1', 1, 'coal', 5000, 600, 3000000, 5500, 0.8, 12)");
            s.execute("insert into demo_contract values ('TH-2', 1, 'coal', 5000, 600, 3000000, 5500, 0.8, 12)");
        }
        Path rules = TestRules.shippedPlus(Files.createTempDirectory("no-extra-rules"));
        Path routing = rules.resolve("fuel-purchase-contract/routing.drl");
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).rulesDirectory(rules).build()) {
            engine.deployBuiltInTemplates();
            assertThat(afterCountersign(engine, "TH-1").openTasks()).as("3 million is within the 5 million limit").isEmpty();

            String drl = Files.readString(routing);
            assertThat(drl).contains("function double generalManagerAbove() { return 5000000; }");
            Files.writeString(routing, drl.replace("function double generalManagerAbove() { return 5000000; }",
                    "function double generalManagerAbove() { return 2000000; }"));
            assertThatThrownBy(engine::reloadRules).as("the scenario rows still state 5 million")
                    .isInstanceOf(RulesInvalidException.class).hasMessageContaining("routing.scenarios.csv:23");

            Path scenarios = rules.resolve("fuel-purchase-contract/routing.scenarios.csv");
            String rows = Files.readString(scenarios);
            for (String row : new String[] {"GM limit: one cent below,route,gm_gate,,4999999.99,A,",
                    "GM limit: exactly at the limit,route,gm_gate,,5000000,A,"}) {
                assertThat(rows).contains(row + "end_approved");
                rows = rows.replace(row + "end_approved", row + "general_manager_approval");
            }
            Files.writeString(scenarios, rows);
            engine.reloadRules();

            InstanceView second = afterCountersign(engine, "TH-2");
            assertThat(second.openTasks()).extracting(TaskView::nodeId).containsExactly("general_manager_approval");
            assertThat(engine.history(second.id()).get(engine.history(second.id()).size() - 1).rulesFired())
                    .contains("fuel-purchase-contract: contracts above the limit go to the general manager");
        } finally {
            ((HikariDataSource) ds).close();
        }
    }

    private static InstanceView afterCountersign(ApprovalEngine engine, String contract) {
        InstanceView i = engine.start("fuel-purchase-contract", contract, "zhang.clerk", Map.of());
        i = engine.pass(task(i, "draft"), Actor.of("zhang.clerk", "fuel_clerk"), null);
        i = engine.pass(task(i, "fuel_manager_review"), Actor.of("wang.manager", "fuel_manager"), null);
        i = engine.pass(task(i, "finance_review"), Actor.of("zhao.finance", "finance"), null);
        i = engine.pass(task(i, "legal_review"), Actor.of("qin.legal", "legal"), null);
        i = engine.pass(task(i, "leadership_countersign", "li.leader"), Actor.of("li.leader"), null);
        return engine.pass(task(i, "leadership_countersign", "wu.leader"), Actor.of("wu.leader"), null);
    }

    private static long task(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst().orElseThrow().id();
    }

    private static long task(InstanceView i, String node, String user) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node) && t.candidates().contains("user:" + user))
                .findFirst().orElseThrow().id();
    }
}
