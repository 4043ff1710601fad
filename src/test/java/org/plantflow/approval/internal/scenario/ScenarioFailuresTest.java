package org.plantflow.approval.internal.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.testsupport.TestRules;

/** What a scenario run reports when the rules or a table are wrong: file:row, expected and actual, or the format error. */
class ScenarioFailuresTest {
    private static final String FUEL = "fuel-purchase-contract/";
    private static final String NODES = "draft, end_approved, end_approved_by_gm, end_fast_track, finance_check, finance_review,"
            + " fuel_manager_review, general_manager_approval, gm_gate, leadership_countersign, legal_review, review_join,"
            + " review_split, risk_check, start";
    private static Map<String, TemplateModel> templates;
    private static CompiledRules shipped;
    private static ResourceFolder shippedFolder;

    @BeforeAll
    static void compileShipped() {
        templates = ScenarioFixtures.shippedTemplates();
        shippedFolder = ResourceFolder.directory(Path.of("rules"));
        shipped = CompiledRules.compile(shippedFolder);
    }

    /** A copy of the shipped rules/ (with its scenario tables). */
    static Path shippedCopy(Path dir) throws Exception {
        TestRules.copyTree(Path.of("rules"), dir);
        return dir;
    }

    /** The CSV line of the row whose scenario name starts with {@code name}. */
    static int lineOf(Path table, String name) throws Exception {
        List<String> lines = Files.readAllLines(table);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(name)) {
                return i + 1;
            }
        }
        throw new AssertionError("no row '" + name + "' in " + table);
    }

    @Test
    void a_general_manager_limit_typo_fails_the_rows_between_the_two_limits_naming_file_row_expected_and_actual(@TempDir Path dir)
            throws Exception {
        Path rules = shippedCopy(dir);
        Path drl = rules.resolve(FUEL + "routing.drl");
        String text = Files.readString(drl);
        assertThat(text).contains("return 5000000; }");
        Files.writeString(drl, text.replace("return 5000000; }", "return 500000; }"));
        ResourceFolder folder = ResourceFolder.directory(rules);

        ScenarioReport report = Scenarios.run(folder, CompiledRules.compile(folder), templates);

        Path table = rules.resolve(FUEL + "routing.scenarios.csv");
        int below = lineOf(table, "GM limit: one cent below");
        int at = lineOf(table, "GM limit: exactly at the limit");
        int small = lineOf(table, "GM limit: a small contract in full review");
        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).extracting(RuleProblem::file, RuleProblem::line, RuleProblem::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(FUEL + "routing.scenarios.csv", below, "GM limit: one cent below"),
                org.assertj.core.groups.Tuple.tuple(FUEL + "routing.scenarios.csv", at, "GM limit: exactly at the limit"),
                org.assertj.core.groups.Tuple.tuple(FUEL + "routing.scenarios.csv", small, "GM limit: a small contract in full review"));
        assertThat(report.failures().get(0).toString()).isEqualTo(FUEL + "routing.scenarios.csv:" + below
                + " (rule \"GM limit: one cent below\"): expected end_approved, got general_manager_approval"
                + " (general_manager_approval via to_general_manager) (rules fired: [fuel-purchase-contract: contracts"
                + " above the limit go to the general manager])");
        assertThat(report.rowsRun()).isEqualTo(Scenarios.run(shippedFolder, shipped, templates).rowsRun());
    }

    @Test
    void a_malformed_table_names_file_and_row_for_an_unknown_column_node_or_ask(@TempDir Path dir) throws Exception {
        Path rules = shippedCopy(dir);
        Files.writeString(rules.resolve(FUEL + "bad-column.scenarios.csv"), """
                scenario,ask,node,var amount,expect
                x,route,gm_gate,1,end_approved
                """);
        Files.writeString(rules.resolve(FUEL + "bad-rows.scenarios.csv"), """
                # a comment, then a blank line

                scenario,ask,node,fact.amount,expect
                typo in the node,route,gm_gat,6000000,general_manager_approval
                typo in the ask,rout,gm_gate,6000000,general_manager_approval
                typo in the expected node,route,gm_gate,6000000,general_manager_aproval
                good row,route,gm_gate,6000000,general_manager_approval
                """);
        ResourceFolder folder = ResourceFolder.directory(rules);

        ScenarioReport report = Scenarios.run(folder, shipped, templates);

        assertThat(report.failures()).extracting(RuleProblem::toString).containsExactly(
                FUEL + "bad-column.scenarios.csv:1: unknown column 'var amount'; columns are scenario, ask, node, after,"
                        + " previous, yes, no, open, user, roles, action, candidates, path, arrived, overdue, initiator,"
                        + " business_key, expect, and var.NAME (a start variable) or fact.NAME (a field of the template's"
                        + " business-fact row)",
                FUEL + "bad-rows.scenarios.csv:4 (rule \"typo in the node\"): node 'gm_gat' is not in template"
                        + " fuel-purchase-contract; its nodes are " + NODES,
                FUEL + "bad-rows.scenarios.csv:5 (rule \"typo in the ask\"): unknown ask 'rout'; ask is one of"
                        + " route | assign | act | complete | join | return | deadline",
                FUEL + "bad-rows.scenarios.csv:6 (rule \"typo in the expected node\"): expect: node"
                        + " 'general_manager_aproval' is not in template fuel-purchase-contract; its nodes are " + NODES);
    }

    @Test
    void a_table_of_a_template_not_given_is_a_note_not_a_failure() {
        Map<String, TemplateModel> onlyFuel = Map.of("fuel-purchase-contract", templates.get("fuel-purchase-contract"));

        ScenarioReport report = Scenarios.run(shippedFolder, shipped, onlyFuel);

        assertThat(report.ok()).isTrue();
        assertThat(report.notes()).hasSize(4).allMatch(n -> n.contains("scenario row(s) were not run"));
        assertThat(report.notes()).anyMatch(n -> n.startsWith("coal-acceptance/vote.scenarios.csv: no template 'coal-acceptance' was given"));
    }

    @Test
    void a_rule_that_throws_fails_its_row_with_the_exception_message(@TempDir Path dir) throws Exception {
        Path rules = shippedCopy(dir);
        Files.writeString(rules.resolve(FUEL + "boom.drl"), """
                package org.plantflow.rules.fuelpurchasecontract
                import org.plantflow.approval.facts.*;
                rule "fuel-purchase-contract: a rule that throws"
                when
                    RouteQuestion( nodeId == "gm_gate" )
                then
                    throw new IllegalStateException("limit table missing");
                end
                """);
        ResourceFolder folder = ResourceFolder.directory(rules);

        ScenarioReport report = Scenarios.run(folder, CompiledRules.compile(folder), templates);

        Path table = rules.resolve(FUEL + "routing.scenarios.csv");
        assertThat(report.failures()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).isEqualTo(FUEL + "routing.scenarios.csv");
            assertThat(p.message()).startsWith("the rules failed on this row: rule \"fuel-purchase-contract: a rule that "
                    + "throws\" (" + FUEL + "boom.drl:3) failed in its consequence while deciding RouteQuestion(gm_gate, ROUTE)")
                    .contains("limit table missing");
        });
        assertThat(report.failures().get(0).line()).isEqualTo(lineOf(table, "GM limit: one cent below"));
    }

    @Test
    void scenario_tables_are_not_compiled_as_rules_and_a_table_outside_a_template_folder_is_refused(@TempDir Path dir) throws Exception {
        Path rules = shippedCopy(dir);
        Files.writeString(rules.resolve("core/misplaced.scenarios.csv"), "scenario,ask,node,expect\nx,route,start,draft\n");
        ResourceFolder folder = ResourceFolder.directory(rules);

        CompiledRules compiled = CompiledRules.compile(folder);
        ScenarioReport report = Scenarios.run(folder, compiled, templates);

        assertThat(compiled.files()).extracting(CompiledRules.RuleFile::path).allMatch(p -> p.endsWith(".drl"));
        assertThat(report.failures()).extracting(RuleProblem::toString).containsExactly("core/misplaced.scenarios.csv:0: a scenario"
                + " table belongs in its template's folder, rules/<template-key>/NAME.scenarios.csv; move it there");
    }
}
