package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's own rules folder: compile errors are reported precisely and never take the engine down. */
class RulesFolderTest {
    private static final String BROKEN = """
            package org.plantflow.rules.fuelcontract
            import org.plantflow.approval.facts.*;

            rule "Big contracts skip finance"
            when
                RouteQuestion( nodeId == "fuel_manager_review" )
                Variable( name == "amount", number > 5000000 )
            then
                insert( new Route( null, "general_manager_approval" ) ) // missing semicolon
                oops;
            end
            """;

    @TempDir
    Path rules;

    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    private void copyCoreRules() throws IOException {
        Files.createDirectories(rules.resolve("core"));
        try (Stream<Path> files = Files.list(Path.of("rules/core"))) {
            for (Path f : files.toList()) {
                Files.copy(f, rules.resolve("core").resolve(f.getFileName()));
            }
        }
    }

    @Test
    void an_engine_on_rules_that_do_not_compile_is_refused_naming_file_line_and_rule() throws IOException {
        copyCoreRules();
        Files.createDirectories(rules.resolve("linear-contract"));
        Files.writeString(rules.resolve("linear-contract/skip-finance.drl"), BROKEN);
        assertThatThrownBy(() -> ApprovalEngine.builder().dataSource(h2("rules_refused")).rulesDirectory(rules).build())
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> {
                    assertThat(e.folder()).isEqualTo(rules.toAbsolutePath().toString());
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.file()).isEqualTo("linear-contract/skip-finance.drl");
                        assertThat(p.line()).isEqualTo(4);
                        assertThat(p.rule()).isEqualTo("Big contracts skip finance");
                    });
                    assertThat(e.details()).containsOnlyKeys("folder", "problems");
                })
                .hasMessageStartingWith("rules in " + rules.toAbsolutePath() + " do not compile (1 error(s)); fix them and reload:\n"
                        + "linear-contract/skip-finance.drl:4 (rule \"Big contracts skip finance\"): ");
    }

    @Test
    void a_rules_folder_that_does_not_exist_is_refused_with_its_path() {
        Path missing = rules.resolve("nope");
        assertThatThrownBy(() -> ApprovalEngine.builder().dataSource(h2("rules_missing")).rulesDirectory(missing).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.property()).isEqualTo("rulesDirectory");
                    assertThat(e.value()).isEqualTo(missing.toString());
                })
                .hasMessage("rulesDirectory(" + missing + "): no such folder");
    }

    @Test
    void a_failed_reload_keeps_the_old_rules_serving_and_a_good_reload_changes_the_route() throws IOException {
        copyCoreRules();
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(h2("rules_reload")).rulesDirectory(rules).build()) {
            engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
            InstanceView i = engine.start("linear-contract", "FPC-RELOAD-1", "zhang.clerk", Map.of("amount", 9_000_000));
            i = engine.pass(i.openTasks().get(0).id(), Actor.of("zhang.clerk", "fuel_clerk"), null);
            long review = i.openTasks().get(0).id();

            Files.createDirectories(rules.resolve("linear-contract"));
            Files.writeString(rules.resolve("linear-contract/skip-finance.drl"), BROKEN);
            assertThatThrownBy(engine::reloadRules).isInstanceOf(RulesInvalidException.class);
            assertThat(engine.instance(i.id())).isEqualTo(i);

            // the fixed rule: big contracts skip finance; the core rule stands back because a Route exists
            Files.writeString(rules.resolve("linear-contract/skip-finance.drl"), BROKEN.replace("// missing semicolon", ";").replace("oops;", ""));
            engine.reloadRules();
            i = engine.pass(review, Actor.of("wang.manager", "fuel_manager"), null);
            assertThat(i.openTasks()).extracting(TaskView::nodeId).containsExactly("general_manager_approval");
            assertThat(engine.history(i.id()).get(2).rulesFired()).contains("Big contracts skip finance")
                    .doesNotContain("core: follow the single outgoing flow");
        }
    }

    @Test
    void contradicting_routes_refuse_the_pass_naming_both_rules_and_change_nothing() throws IOException {
        copyCoreRules();
        Files.createDirectories(rules.resolve("linear-contract"));
        Files.writeString(rules.resolve("linear-contract/two-opinions.drl"), """
                package org.plantflow.rules.fuelcontract
                import org.plantflow.approval.facts.*;

                rule "Reviews go to finance"
                when
                    RouteQuestion( nodeId == "fuel_manager_review" )
                then
                    insert( new Route( "f3", "finance_review" ) );
                end

                rule "Reviews go to the general manager"
                when
                    RouteQuestion( nodeId == "fuel_manager_review" )
                then
                    insert( new Route( null, "general_manager_approval" ) );
                end
                """);
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(h2("rules_contradict")).rulesDirectory(rules).build()) {
            engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
            InstanceView i = engine.start("linear-contract", "FPC-TWO-1", "zhang.clerk", Map.of());
            i = engine.pass(i.openTasks().get(0).id(), Actor.of("zhang.clerk", "fuel_clerk"), null);
            long review = i.openTasks().get(0).id();
            InstanceView before = i;
            assertThatThrownBy(() -> engine.pass(review, Actor.of("wang.manager", "fuel_manager"), null))
                    .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                            .contains("Reviews go to finance", "Reviews go to the general manager"))
                    .hasMessageStartingWith("contradicting routes for instance " + i.id() + " (linear-contract v1, "
                            + "business key FPC-TWO-1) at node 'fuel_manager_review' (Fuel manager review): ");
            assertThat(engine.instance(i.id())).isEqualTo(before);
            assertThat(engine.history(i.id())).hasSize(2);
        }
    }
}
