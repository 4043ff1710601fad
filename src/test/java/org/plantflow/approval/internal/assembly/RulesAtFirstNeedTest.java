package org.plantflow.approval.internal.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.testsupport.TestRules;

/**
 * An engine built with {@link EngineAssembly.RulesAt#FIRST_NEED} (the command line's read-only commands): reading
 * compiles no rules and records no activation; the first call that needs the rules activates them through the same
 * checks as an engine start, and a folder those checks refuse is refused then, with the same exception.
 */
class RulesAtFirstNeedTest {
    private static int databases;

    /** A rule of the fuel contract's own folder that asks about a node its template does not have. */
    private static final String UNKNOWN_NODE = """
            package org.plantflow.rules.fuel
            import org.plantflow.approval.facts.*;

            rule "fuel: asks about a node the template does not have"
            when
                RouteQuestion( nodeId == "no_such_node" )
            then
                insert( new Route( "f1", "general_manager_approval" ) );
            end
            """;

    /** Does not compile: a fact type that does not exist. */
    private static final String DOES_NOT_COMPILE = """
            package org.plantflow.rules.fuel
            import org.plantflow.approval.facts.*;

            rule "fuel: unknown fact type"
            when
                NoSuchFact( amount > 5000000 )
            then
            end
            """;

    @TempDir
    Path dir;

    private final JdbcDataSource h2 = h2("rules_at_first_need_" + (++databases));

    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    private ApprovalEngine engine(Path rules, EngineAssembly.RulesAt at) {
        EngineOptions o = new EngineOptions(EngineOptions.Source.BUILDER).set(Setting.DATA_SOURCE, h2)
                .set(Setting.SWEEP_INTERVAL, java.time.Duration.ZERO);
        if (rules != null) {
            o.set(Setting.RULES_DIRECTORY, rules);
        }
        return EngineAssembly.assemble(o, at);
    }

    private Path shippedRulesWith(String file, String content) throws Exception {
        Path rules = dir.resolve("rules");
        TestRules.copyTree(Path.of("rules"), rules);
        Files.writeString(rules.resolve(file), content);
        return rules;
    }

    private long activations() throws Exception {
        try (Connection c = h2.getConnection(); ResultSet rs = c.createStatement().executeQuery("select count(*) from pf_rules_activation")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void reading_compiles_no_rules_so_a_folder_that_does_not_compile_still_opens_for_reading() throws Exception {
        Path rules = shippedRulesWith("fuel-purchase-contract/bad.drl", DOES_NOT_COMPILE);
        try (ApprovalEngine e = engine(rules, EngineAssembly.RulesAt.FIRST_NEED)) {
            assertThat(e.pendingTasks("zhang.clerk", java.util.List.of("fuel_clerk"))).isEmpty();
            assertThatThrownBy(() -> e.history(42)).isInstanceOf(NotFoundException.class);
            assertThat(activations()).isZero();
        }
    }

    @Test
    void the_first_decision_after_a_lazy_start_is_refused_as_an_eager_start_is() throws Exception {
        try (ApprovalEngine e = engine(null, EngineAssembly.RulesAt.START)) {
            e.deployBuiltInTemplates();
        }
        Path rules = shippedRulesWith("fuel-purchase-contract/unknown-node.drl", UNKNOWN_NODE);
        RulesInvalidException eager = (RulesInvalidException) org.assertj.core.api.Assertions.catchThrowable(
                () -> engine(rules, EngineAssembly.RulesAt.START));
        assertThat(eager).isNotNull();
        assertThat(eager.problems()).extracting(p -> p.file() + ":" + p.line())
                .containsExactlyInAnyOrder("fuel-purchase-contract/unknown-node.drl:6", "fuel-purchase-contract/unknown-node.drl:8");

        try (ApprovalEngine e = engine(rules, EngineAssembly.RulesAt.FIRST_NEED)) {
            assertThatThrownBy(() -> e.start("fuel-purchase-contract", "FPC-LAZY-1", "zhang.clerk", Map.of("amount", 100)))
                    .isInstanceOf(RulesInvalidException.class).hasMessage(eager.getMessage());
            assertThatThrownBy(e::activeRules).isInstanceOf(RulesInvalidException.class).hasMessage(eager.getMessage());
        }
    }

    @Test
    void a_lazy_engine_records_its_activation_at_the_first_decision_and_then_decides() throws Exception {
        try (ApprovalEngine e = engine(null, EngineAssembly.RulesAt.FIRST_NEED)) {
            assertThat(activations()).isZero();
            // a deploy needs the rules (its scenario rows must hold): they are activated first
            e.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
            assertThat(activations()).isOne();
            assertThat(e.activeRules().files()).hasSize(11);
            var started = e.start("linear-contract", "FPC-LAZY-2", "zhang.clerk", Map.of("amount", 100));
            assertThat(started.openTasks()).isNotEmpty();
            assertThat(activations()).isOne();
        }
    }
}
