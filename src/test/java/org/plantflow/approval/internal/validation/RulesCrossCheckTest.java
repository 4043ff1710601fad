package org.plantflow.approval.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.plantflow.approval.internal.validation.ValidationFixtures.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.ValidationProblem.Severity;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateParser;

/** The template against the rules in rules/&lt;template-key&gt;/ (warnings). */
class RulesCrossCheckTest {

    @Test
    void branches_no_rule_routes_to_are_warnings_and_ids_the_template_lacks_are_errors(@TempDir Path rules) throws IOException {
        Files.createDirectories(rules.resolve("rules-cross-check"));
        Files.writeString(rules.resolve("rules-cross-check/amount.drl"), """
                package test
                import org.plantflow.approval.facts.*;

                // new Route( "commented_out", "nowhere" ) is not a rule
                rule "big contracts go to the general manager"
                when
                    RouteQuestion( nodeId == "amount" )
                    Variable( name == "amount", number > 5000000 )
                then
                    insert( new Route( "big", "general_manager" ) );
                end

                rule "a rule for a node the template lost"
                when
                    RouteQuestion( nodeId == "old_amount" )
                then
                    insert( new Route( "gone", "general_manager" ) );
                    insert( new Route( null, "chairman" ) );
                end
                """);

        TemplateParser.Result r = validate("rules-cross-check.bpmn", ResourceFolder.directory(rules));

        assertThat(r.ok()).as("a rule naming a node or flow the template lacks refuses the template").isFalse();
        assertThat(r.problems()).extracting(ValidationProblem::code, ValidationProblem::severity).containsExactly(
                tuple("NO_RULE_FOR_BRANCH", Severity.WARNING), tuple("RULE_UNKNOWN_ID", Severity.ERROR),
                tuple("RULE_UNKNOWN_ID", Severity.ERROR), tuple("RULE_UNKNOWN_ID", Severity.ERROR));
        assertThat(r.problems()).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("NO_RULE_FOR_BRANCH", List.of("amount", "huge")),
                tuple("RULE_UNKNOWN_ID", List.of("gone")),
                tuple("RULE_UNKNOWN_ID", List.of("chairman")),
                tuple("RULE_UNKNOWN_ID", List.of("old_amount")));
        assertThat(r.problems()).extracting(ValidationProblem::message).containsExactly(
                "no rule routes exclusive gateway 'amount' along flow 'huge' (to 'board'), so that branch is never taken; "
                        + "add a rule in rules/rules-cross-check/ that inserts new Route( \"huge\", \"board\" ) when that "
                        + "branch applies",
                "rule \"a rule for a node the template lost\" (rules/rules-cross-check/amount.drl line 17) routes along "
                        + "flow 'gone', which template 'rules-cross-check' does not have, so the engine would refuse that "
                        + "route; use one of the flows of the node it answers for, or correct the rule",
                "rule \"a rule for a node the template lost\" (rules/rules-cross-check/amount.drl line 18) routes to node "
                        + "'chairman', which template 'rules-cross-check' does not have, so the engine would refuse that "
                        + "route; correct the node id in the rule",
                "rule \"a rule for a node the template lost\" (rules/rules-cross-check/amount.drl line 15) asks about "
                        + "node 'old_amount' (nodeId == \"old_amount\"), which template 'rules-cross-check' does not "
                        + "have, so the rule never applies; correct the node id in the rule (the template's node ids are "
                        + "in its BPMN file)");
    }

    @Test
    void without_template_rules_every_non_default_branch_is_reported() {
        assertThat(validate("rules-cross-check.bpmn").problems())
                .extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                        tuple("NO_RULE_FOR_BRANCH", List.of("amount", "big")),
                        tuple("NO_RULE_FOR_BRANCH", List.of("amount", "huge")));
    }

    @Test
    void a_shared_rule_with_a_route_computed_at_run_time_silences_the_branch_check(@TempDir Path rules) throws IOException {
        Files.createDirectories(rules.resolve("common"));
        Files.writeString(rules.resolve("common/by-flow-name.drl"), """
                rule "route along the flow named like the amount class"
                when
                    RouteQuestion( $n : nodeId )
                    $f : Flow( source == $n, name == "big" )
                then
                    insert( new Route( $f.getId(), $f.getTarget() ) );
                end
                """);

        assertThat(validate("rules-cross-check.bpmn", ResourceFolder.directory(rules)).problems()).isEmpty();
    }
}
