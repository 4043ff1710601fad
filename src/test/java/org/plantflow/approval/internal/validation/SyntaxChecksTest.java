package org.plantflow.approval.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.plantflow.approval.internal.validation.ValidationFixtures.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.ValidationProblem.Severity;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateParser;

/** Syntax: the roles/acceptors form, a way to find a task's actors, the outcome flows of a vote. */
class SyntaxChecksTest {

    @Test
    void roles_given_as_an_expression_are_refused_as_bad_roles() {
        TemplateParser.Result r = validate("bad-roles.bpmn");

        assertThat(r.model()).isNull();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("BAD_ROLES");
            assertThat(p.elementIds()).containsExactly("review");
            assertThat(p.message()).isEqualTo("approval:roles '${approvers}' on 'review': expressions are not evaluated "
                    + "in a template; list the roles by name, or leave the attribute out and assign the task with a rule "
                    + "in rules/<template-key>/ that answers AssignQuestion");
        });
    }

    @Test
    void acceptors_with_a_space_inside_a_name_are_refused_as_bad_acceptors() {
        TemplateParser.Result r = validate("bad-acceptors.bpmn");

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("BAD_ACCEPTORS");
            assertThat(p.elementIds()).containsExactly("sign");
            assertThat(p.message()).isEqualTo("approval:acceptors 'wang li,,zhao' on 'sign': 'wang li' is not a plain "
                    + "user id: write names of letters, digits, _ . - separated by commas (no spaces inside a name)");
        });
    }

    @Test
    void an_empty_item_in_a_roles_list_is_refused() {
        TemplateParser.Result r = new TemplateParser().parse("inline.bpmn", inline(
                "<bpmn:userTask id=\"review\" approval:roles=\"finance,,legal\"/>"));

        assertThat(r.problems()).extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactly(tuple("BAD_ROLES", List.of("review")));
        assertThat(r.problems().get(0).message()).endsWith("it has an empty item (two commas in a row, or a comma at "
                + "either end); remove the extra comma");
    }

    @Test
    void names_of_letters_digits_underscores_dots_dashes_and_cjk_characters_are_legal() {
        TemplateParser.Result r = new TemplateParser().parse("inline.bpmn", inline(
                "<bpmn:userTask id=\"review\" approval:roles=\"fuel_manager, 燃料部经理 ,plant-leader.2\" "
                        + "approval:acceptors=\"wang.wei,张三\"/>"));

        assertThat(r.problems()).isEmpty();
        assertThat(r.model().node("review").roles()).containsExactly("fuel_manager", "燃料部经理", "plant-leader.2");
        assertThat(r.model().node("review").acceptors()).containsExactly("wang.wei", "张三");
    }

    @Test
    void a_user_task_without_roles_acceptors_or_assignment_rule_has_no_actors() {
        TemplateParser.Result r = validate("no-actors.bpmn");

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("NO_ACTORS");
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.elementIds()).containsExactly("check");
            assertThat(p.message()).isEqualTo("user task 'check' has no approval:roles, no approval:acceptors and no "
                    + "assignment rule, so nobody could ever act on its task; add approval:roles=\"...\" or "
                    + "approval:acceptors=\"...\", or a rule in rules/no-actors/ that answers AssignQuestion( nodeId == \"check\" )");
        });
    }

    @Test
    void an_assignment_rule_of_the_template_that_names_the_node_finds_its_actors(@TempDir Path rules) throws IOException {
        Files.createDirectories(rules.resolve("no-actors"));
        Files.writeString(rules.resolve("no-actors/assign.drl"), """
                package test
                import org.plantflow.approval.facts.*;
                rule "no-actors: the plant's quality inspector checks"
                when
                    AssignQuestion( nodeId == "check" )
                then
                    insert( Candidate.role( "quality_inspector" ) );
                end
                """);

        assertThat(validate("no-actors.bpmn", ResourceFolder.directory(rules)).problems()).isEmpty();
    }

    @Test
    void an_assignment_rule_of_another_template_does_not_count(@TempDir Path rules) throws IOException {
        Files.createDirectories(rules.resolve("other-template"));
        Files.writeString(rules.resolve("other-template/assign.drl"), """
                rule "other: check"
                when
                    AssignQuestion( nodeId == "check" )
                then
                end
                """);

        assertThat(validate("no-actors.bpmn", ResourceFolder.directory(rules)).problems())
                .extracting(ValidationProblem::code).containsExactly("NO_ACTORS");
    }

    @Test
    void a_vote_with_two_flows_but_no_fail_flow_is_refused_as_the_engine_could_not_route_a_failed_vote() {
        TemplateParser.Result r = validate("vote-without-outcome-flows.bpmn");

        assertThat(r.model()).isNull();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("VOTE_WITHOUT_OUTCOME_FLOWS");
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.elementIds()).containsExactly("board", "pass", "other");
            assertThat(p.message()).isEqualTo("vote 'board' has 2 outgoing flows but none marked approval:on=\"fail\", "
                    + "so the engine cannot route a failed vote and refuses it; mark one flow approval:on=\"pass\" and one "
                    + "approval:on=\"fail\" (or route the vote with a rule in rules/vote-without-outcome-flows/)");
        });
    }

    @Test
    void a_vote_with_a_single_unmarked_flow_is_only_a_warning_as_both_outcomes_follow_it() {
        TemplateParser.Result r = validate("vote-single-flow.bpmn");

        assertThat(r.ok()).isTrue();
        assertThat(r.model()).isNotNull();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("VOTE_WITHOUT_OUTCOME_FLOWS");
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.elementIds()).containsExactly("board", "f2");
            assertThat(p.toString()).startsWith("warning: vote-single-flow.bpmn: VOTE_WITHOUT_OUTCOME_FLOWS [board, f2]: "
                    + "vote 'board' has only flow 'f2'");
        });
    }

    @Test
    void a_task_without_outgoing_flow_is_reported_once_and_not_again_as_a_dead_end() {
        assertThat(validate("no-outgoing-flow.bpmn").problems())
                .extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactly(tuple("NO_OUTGOING_FLOW", List.of("stuck")));
    }

    private static byte[] inline(String task) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:approval="http://plantflow.org/schema/approval/1.0" id="d" targetNamespace="t">
                  <bpmn:process id="inline">
                    <bpmn:startEvent id="start"/>
                    """ + task + """
                    <bpmn:endEvent id="end"/>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).getBytes(StandardCharsets.UTF_8);
    }
}
