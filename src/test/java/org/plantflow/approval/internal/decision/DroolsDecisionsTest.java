package org.plantflow.approval.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.Arrival;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.CompleteQuestion;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.facts.DeadlineQuestion;
import org.plantflow.approval.facts.DueIn;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.JoinContinues;
import org.plantflow.approval.facts.JoinQuestion;
import org.plantflow.approval.facts.Node;
import org.plantflow.approval.facts.NodeOutcome;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.resources.ResourceFolder;

/**
 * DroolsDecisions over real DRL: the core rules as packaged (rules/ is copied to target/classes/plantflow/rules),
 * and temporary rules folders for per-template rule bases, compile errors and reloads.
 */
class DroolsDecisionsTest {
    static final Path CORE_RULES = Path.of("rules/core");
    static final String FOLLOW_SINGLE_FLOW = "core: follow the single outgoing flow";
    /** A template key without a folder of its own: served by the shared (core) rules. */
    static final String TEMPLATE = "fuel-purchase-contract";

    /** A syntax error in "Broken rule" (line 13) and another in "Also broken rule" (line 20). */
    static final String BAD_DRL = """
            package org.plantflow.rules.broken

            import org.plantflow.approval.facts.*;

            rule "Fine rule"
            when
                RouteQuestion( nodeId == "nowhere" )
            then
            end

            rule "Broken rule"
            when
                RouteQuestion( nodeId == )
            then
            end

            rule "Also broken rule"
            when
                Flow( source == "a"
            then
                insert( new Route( null, "x" ) );
            end
            """;

    static DroolsDecisions builtIn;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileBuiltInRules() {
        builtIn = new DroolsDecisions(ResourceFolder.builtIn("rules"));
    }

    // ================================================================ the built-in core rules: routing

    @Test
    void built_in_rules_name_their_source() {
        assertThat(builtIn.source()).isEqualTo("built-in rules (classpath:plantflow/rules)");
    }

    @Test
    void core_rules_route_a_node_with_one_outgoing_flow_along_it() {
        Outcome o = builtIn.decide(TEMPLATE, new RouteQuestion("draft", "PASS", "pass"), List.of(
                flow("f1", "start", "draft"), flow("f2", "draft", "review"), flow("f3", "review", "end")));

        assertThat(o.answers(Route.class)).singleElement().satisfies(r -> {
            assertThat(r.getFlowId()).isEqualTo("f2");
            assertThat(r.getTo()).isEqualTo("review");
        });
        assertThat(o.answers()).hasSize(1);
        assertThat(o.rulesFired()).containsExactly(FOLLOW_SINGLE_FLOW);
    }

    @Test
    void core_rules_give_no_route_for_a_node_with_two_unmarked_outgoing_flows() {
        Outcome o = builtIn.decide(TEMPLATE, new RouteQuestion("review", "PASS", "pass"), List.of(
                flow("f1", "draft", "review"), flow("f2", "review", "end_a"), flow("f3", "review", "end_b")));

        assertThat(o.answers(Route.class)).isEmpty();
        assertThat(o.answers()).isEmpty();
        assertThat(o.rulesFired()).isEmpty();
    }

    @Test
    void core_rules_follow_the_flow_marked_with_the_nodes_outcome() {
        List<Object> flows = List.of(flow("g2", "cosign", "committee"), flowOn("g3", "committee", "notify", "pass"),
                flowOn("g4", "committee", "end_rejected", "fail"));

        Outcome failed = builtIn.decide(TEMPLATE, new RouteQuestion("committee", "PASS", "fail"), flows);
        Outcome passed = builtIn.decide(TEMPLATE, new RouteQuestion("committee", "PASS", "pass"), flows);

        assertThat(failed.answers(Route.class)).extracting(Route::getFlowId, Route::getTo)
                .containsExactly(tuple("g4", "end_rejected"));
        assertThat(failed.rulesFired()).containsExactly("core: follow the flow marked with the node's outcome");
        assertThat(passed.answers(Route.class)).extracting(Route::getFlowId).containsExactly("g3");
    }

    @Test
    void core_rules_start_every_outgoing_flow_of_a_parallel_split() {
        Outcome o = builtIn.decide(TEMPLATE, new RouteQuestion("split", "ROUTE", null), List.of(
                gateway("split", "PARALLEL_GATEWAY", 1, 2),
                flow("p1", "split", "finance"), flow("p2", "split", "legal"), flow("p0", "draft", "split")));

        assertThat(o.answers(Route.class)).extracting(Route::getFlowId, Route::getTo)
                .containsExactlyInAnyOrder(tuple("p1", "finance"), tuple("p2", "legal"));
        assertThat(o.rulesFired()).containsExactly("core: a parallel gateway starts every outgoing flow",
                "core: a parallel gateway starts every outgoing flow");
    }

    @Test
    void core_rules_take_the_default_flow_of_an_exclusive_gateway_when_no_rule_chose_a_branch() {
        Outcome o = builtIn.decide(TEMPLATE, new RouteQuestion("amount_check", "ROUTE", null), List.of(
                gateway("amount_check", "EXCLUSIVE_GATEWAY", 1, 2),
                flow("f5", "amount_check", "approve"), new Flow("f6", "amount_check", "end", null, true, null)));

        assertThat(o.answers(Route.class)).extracting(Route::getFlowId, Route::getTo).containsExactly(tuple("f6", "end"));
        assertThat(o.rulesFired())
                .containsExactly("core: an exclusive gateway takes its default flow when no rule chose a branch");
    }

    // ================================================================ the built-in core rules: assignment, authorization, return

    @Test
    void core_rules_offer_a_new_task_to_the_nodes_roles_and_acceptors() {
        Outcome o = builtIn.decide(TEMPLATE, new AssignQuestion("draft", false, null), List.of(
                node("draft", List.of("fuel_clerk", "fuel_manager"), List.of("li.clerk")),
                node("review", List.of("finance"), List.of())));

        assertThat(o.answers(Candidate.class)).containsExactlyInAnyOrder(
                Candidate.role("fuel_clerk"), Candidate.role("fuel_manager"), Candidate.user("li.clerk"));
        assertThat(o.answers(DueIn.class)).isEmpty();
        assertThat(o.rulesFired()).containsOnly("core: offer the task to the node's approval:roles",
                "core: offer the task to the node's approval:acceptors");
    }

    @Test
    void core_rules_offer_a_returned_task_only_to_whoever_completed_it_before() {
        Outcome o = builtIn.decide(TEMPLATE, new AssignQuestion("draft", true, "zhang.clerk"), List.of(
                node("draft", List.of("fuel_clerk"), List.of())));

        assertThat(o.answers(Candidate.class)).containsExactly(Candidate.user("zhang.clerk"));
        assertThat(o.rulesFired()).containsExactly("core: a returned task goes back to whoever completed the node before");
    }

    @Test
    void core_rules_offer_a_returned_multi_acceptor_node_to_all_its_acceptors_again() {
        Outcome o = builtIn.decide(TEMPLATE, new AssignQuestion("cosign", true, "li"), List.of(
                new Node("cosign", "USER_TASK", "Joint signature", List.of(), List.of("li", "zhao"), "countersign",
                        null, null, null, 1, 1)));

        assertThat(o.answers(Candidate.class)).containsExactlyInAnyOrder(Candidate.user("li"), Candidate.user("zhao"));
        assertThat(o.rulesFired()).containsOnly(
                "core: a returned task of several acceptors is offered to the node's approval:acceptors again");
    }

    @Test
    void core_rules_make_a_task_due_after_the_nodes_deadline() {
        Outcome o = builtIn.decide(TEMPLATE, new AssignQuestion("review", false, null), List.of(
                new Node("review", "USER_TASK", "Review", List.of("fuel_manager"), List.of(), null, null, "P2D", null, 1, 1)));

        assertThat(o.answers(DueIn.class)).extracting(DueIn::getDuration).containsExactly(Duration.ofDays(2));
        assertThat(o.rulesFired()).contains("core: the task is due after the node's approval:deadline");
    }

    @Test
    void core_rules_permit_a_holder_of_a_candidate_role_and_nobody_else() {
        List<Object> candidates = List.of(Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));

        Outcome clerk = builtIn.decide(TEMPLATE, new ActQuestion("zhang.clerk", Set.of("fuel_clerk"), "PASS"), candidates);
        Outcome named = builtIn.decide(TEMPLATE, new ActQuestion("li.clerk", Set.of(), "PASS"), candidates);
        Outcome stranger = builtIn.decide(TEMPLATE, new ActQuestion("wang.manager", Set.of("fuel_manager"), "PASS"), candidates);

        assertThat(clerk.answers(Permit.class)).extracting(Permit::getReason).containsExactly("holds role fuel_clerk");
        assertThat(clerk.answers(Candidate.class)).as("input facts are not answers").isEmpty();
        assertThat(named.answers(Permit.class)).extracting(Permit::getReason)
                .containsExactly("user li.clerk is a candidate of the task");
        assertThat(stranger.answers()).isEmpty();
        assertThat(stranger.rulesFired()).isEmpty();
    }

    @Test
    void core_rules_return_to_the_nearest_manual_node_on_the_path() {
        Outcome o = builtIn.decide(TEMPLATE, new ReturnQuestion("approve"), List.of(
                new PathStep("gateway", 12, 1, false, null),
                new PathStep("review", 11, 2, true, "wang.manager"),
                new PathStep("draft", 10, 3, true, "zhang.clerk")));

        assertThat(o.answers(ReturnTo.class)).extracting(ReturnTo::getNodeId).containsExactly("review");
        assertThat(o.rulesFired()).containsExactly("core: return to the previous manual node on the path taken");
    }

    // ================================================================ the built-in core rules: completion

    @Test
    void core_rules_complete_a_single_acceptor_node_on_its_pass() {
        assertThat(completion("draft", "single", null, 1, 1, 0, 0)).containsExactly("pass");
    }

    @Test
    void core_rules_complete_a_countersign_only_when_every_acceptor_passed() {
        assertThat(completion("cosign", "countersign", null, 3, 2, 0, 1)).as("2 of 3").isEmpty();
        assertThat(completion("cosign", "countersign", null, 3, 3, 0, 0)).as("3 of 3").containsExactly("pass");
        Outcome o = builtIn.decide(TEMPLATE, new CompleteQuestion("cosign", "countersign", 2, 2, 0, 0),
                List.of(multi("cosign", "countersign", null)));
        assertThat(o.rulesFired()).containsExactly("core: countersign completes when every acceptor passed");
    }

    @Test
    void core_rules_complete_an_or_sign_on_the_first_pass() {
        assertThat(completion("orsign", "orsign", null, 3, 0, 0, 3)).isEmpty();
        assertThat(completion("orsign", "orsign", null, 3, 1, 0, 2)).containsExactly("pass");
    }

    @Test
    void core_rules_pass_a_two_thirds_vote_on_two_yes_of_three() {
        assertThat(completion("committee", "vote", "2/3", 3, 1, 0, 2)).as("1 yes, 2 open").isEmpty();
        assertThat(completion("committee", "vote", "2/3", 3, 1, 1, 1)).as("1 yes, 1 no, 1 open: still reachable").isEmpty();
        assertThat(completion("committee", "vote", "2/3", 3, 2, 0, 1)).as("2 yes").containsExactly("pass");
        assertThat(completion("committee", "vote", "2/3", 3, 2, 1, 0)).as("2 yes, 1 no").containsExactly("pass");
    }

    @Test
    void core_rules_fail_a_vote_once_the_threshold_is_out_of_reach() {
        assertThat(completion("committee", "vote", "2/3", 3, 0, 2, 1)).as("at most 1 yes left").containsExactly("fail");
        assertThat(completion("committee", "vote", "2/3", 3, 1, 2, 0)).containsExactly("fail");
        Outcome o = builtIn.decide(TEMPLATE, new CompleteQuestion("committee", "vote", 3, 1, 2, 0),
                List.of(multi("committee", "vote", "2/3")));
        assertThat(o.rulesFired()).containsExactly("core: a vote fails once the threshold is out of reach");
    }

    @Test
    void core_rules_decide_a_vote_without_threshold_by_simple_majority() {
        assertThat(completion("committee", "vote", null, 4, 2, 1, 1)).containsExactly("pass");
        assertThat(completion("committee", "vote", null, 4, 1, 2, 1)).isEmpty();
        assertThat(completion("committee", "vote", null, 4, 1, 3, 0)).containsExactly("fail");
    }

    // ================================================================ the built-in core rules: joins and deadlines

    @Test
    void core_rules_continue_an_and_join_only_when_every_branch_arrived_with_all_its_acceptors_finished() {
        List<String> incoming = List.of("j1", "j2");

        Outcome one = builtIn.decide(TEMPLATE, new JoinQuestion("join", "PARALLEL_GATEWAY", incoming, List.of("j1")),
                List.of(new Arrival("j1", "finance", 1, 1)));
        Outcome all = builtIn.decide(TEMPLATE, new JoinQuestion("join", "PARALLEL_GATEWAY", incoming, List.of("j1", "j2")),
                List.of(new Arrival("j1", "finance", 1, 1), new Arrival("j2", "legal", 2, 2)));
        Outcome unfinished = builtIn.decide(TEMPLATE,
                new JoinQuestion("join", "PARALLEL_GATEWAY", incoming, List.of("j1", "j2")),
                List.of(new Arrival("j1", "finance", 1, 1), new Arrival("j2", "legal", 2, 1)));

        assertThat(one.answers(JoinContinues.class)).isEmpty();
        assertThat(all.answers(JoinContinues.class)).singleElement().extracting(JoinContinues::getReason)
                .isEqualTo("every incoming branch arrived and all their acceptors finished");
        assertThat(all.rulesFired())
                .containsExactly("core: an AND-join continues when every predecessor finished with all its acceptors");
        assertThat(unfinished.answers(JoinContinues.class)).as("an arrival with unfinished acceptors").isEmpty();
    }

    @Test
    void core_rules_continue_an_or_join_on_the_first_arrival() {
        Outcome o = builtIn.decide(TEMPLATE, new JoinQuestion("merge", "EXCLUSIVE_GATEWAY", List.of("m1", "m2"),
                List.of("m2")), List.of(new Arrival("m2", "legal", 1, 1)));

        assertThat(o.answers(JoinContinues.class)).hasSize(1);
        assertThat(o.rulesFired()).containsExactly("core: an OR-join continues on the first arrival");
    }

    @Test
    void core_rules_fail_an_overdue_vote_and_remind_on_any_other_overdue_task() {
        Outcome vote = builtIn.decide(TEMPLATE, new DeadlineQuestion(7, "committee", "vote", 30), List.of());
        Outcome single = builtIn.decide(TEMPLATE, new DeadlineQuestion(5, "review", "single", 30), List.of());

        assertThat(vote.answers(DeadlineAction.class)).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(DeadlineAction.Kind.FAIL_VOTE);
            assertThat(a.getMessage()).isEqualTo("deadline passed: the vote fails");
        });
        assertThat(vote.rulesFired()).containsExactly("core: an overdue vote fails (too few votes by the deadline)");
        assertThat(single.answers(DeadlineAction.class)).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(DeadlineAction.Kind.REMIND);
            assertThat(a.getMessage()).isEqualTo("task 5 at node review is overdue");
            assertThat(a.getNextDeadline()).isNull();
        });
        assertThat(single.rulesFired()).containsExactly("core: remind the acceptors of an overdue task");
    }

    // ================================================================ per-template rule bases

    @Test
    void a_rule_in_a_template_folder_answers_only_for_that_template() throws IOException {
        copyCoreRules(dir);
        write(dir.resolve("tplA/legal.drl"), """
                package org.plantflow.rules.tpla

                import org.plantflow.approval.facts.*;

                rule "tplA: drafts go to legal"
                when
                    RouteQuestion( nodeId == "draft" )
                then
                    insert( new Route( null, "legal" ) );
                end
                """);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));

        Outcome a = decisions.decide("tplA", new RouteQuestion("draft", "PASS", "pass"), draftFlows());
        Outcome b = decisions.decide("tplB", new RouteQuestion("draft", "PASS", "pass"), draftFlows());

        assertThat(a.answers(Route.class)).extracting(Route::getTo).containsExactly("legal");
        assertThat(a.rulesFired()).as("the core rule stands back").containsExactly("tplA: drafts go to legal");
        assertThat(b.answers(Route.class)).extracting(Route::getTo).containsExactly("review");
        assertThat(b.rulesFired()).containsExactly(FOLLOW_SINGLE_FLOW);
    }

    @Test
    void two_template_folders_may_use_the_same_package_rule_names_and_node_ids_without_meeting() throws IOException {
        copyCoreRules(dir);
        String template = """
                package org.plantflow.rules.shared_name

                import org.plantflow.approval.facts.*;

                rule "route the draft"
                when
                    RouteQuestion( nodeId == "draft" )
                then
                    insert( new Route( null, "%s" ) );
                end
                """;
        write(dir.resolve("tplA/route.drl"), template.formatted("legal"));
        write(dir.resolve("tplB/route.drl"), template.formatted("finance"));
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));

        assertThat(decisions.decide("tplA", new RouteQuestion("draft", "PASS", "pass"), draftFlows()).answers(Route.class))
                .extracting(Route::getTo).containsExactly("legal");
        assertThat(decisions.decide("tplB", new RouteQuestion("draft", "PASS", "pass"), draftFlows()).answers(Route.class))
                .extracting(Route::getTo).containsExactly("finance");
    }

    @Test
    void a_template_deadline_rule_answers_first_and_the_core_deadline_rules_stand_back() throws IOException {
        copyCoreRules(dir);
        write(dir.resolve("tplA/deadline.drl"), """
                package org.plantflow.rules.tpla

                import org.plantflow.approval.facts.*;

                rule "tplA: escalate overdue reviews to the plant leader"
                when
                    DeadlineQuestion( nodeId == "review" )
                then
                    insert( DeadlineAction.escalateToRole( "plant_leader" ) );
                end
                """);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));

        Outcome o = decisions.decide("tplA", new DeadlineQuestion(5, "review", "single", 10), List.of());

        assertThat(o.answers(DeadlineAction.class)).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(DeadlineAction.Kind.ESCALATE);
            assertThat(a.getEscalateTo()).isEqualTo(Candidate.role("plant_leader"));
        });
        assertThat(o.rulesFired()).containsExactly("tplA: escalate overdue reviews to the plant leader");
    }

    // ================================================================ compile errors

    @Test
    void a_broken_drl_file_is_refused_naming_file_line_and_rule_of_each_error() throws IOException {
        copyCoreRules(dir);
        write(dir.resolve("broken/bad.drl"), BAD_DRL);
        ResourceFolder folder = ResourceFolder.directory(dir);

        assertThatThrownBy(() -> new DroolsDecisions(folder))
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> {
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("broken/bad.drl"));
                    assertThat(e.problems()).extracting(RuleProblem::file, RuleProblem::line, RuleProblem::rule)
                            .contains(tuple("broken/bad.drl", 13, "Broken rule"),
                                    tuple("broken/bad.drl", 20, "Also broken rule"));
                    assertThat(e.problems()).filteredOn(p -> p.line() == 13).singleElement()
                            .satisfies(p -> assertThat(p.message()).contains("no viable alternative at input ')'"));
                    assertThat(e.problems()).filteredOn(p -> p.rule() != null).extracting(RuleProblem::rule)
                            .doesNotContain("Fine rule");
                })
                .hasMessageStartingWith("rules in " + dir.toAbsolutePath().normalize() + " do not compile (")
                .hasMessageContaining("error(s)); fix them and reload:\n")
                .hasMessageContaining("\nbroken/bad.drl:13 (rule \"Broken rule\"): [ERR 101] Line 13:29 no viable "
                        + "alternative at input ')' in rule \"Broken rule\"")
                .hasMessageContaining("\nbroken/bad.drl:20 (rule \"Also broken rule\"): ");
    }

    @Test
    void compile_errors_in_two_files_are_all_reported() throws IOException {
        copyCoreRules(dir);
        write(dir.resolve("broken/bad.drl"), BAD_DRL);
        write(dir.resolve("plant/unknown-type.drl"), """
                package org.plantflow.rules.plant

                import org.plantflow.approval.facts.*;

                rule "Unknown answer type"
                when
                    Flow( source == "a" )
                then
                    insert( new NoSuchAnswer() );
                end
                """);

        assertThatThrownBy(() -> new DroolsDecisions(ResourceFolder.directory(dir)))
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> assertThat(e.problems())
                        .extracting(RuleProblem::file, RuleProblem::rule)
                        .contains(tuple("broken/bad.drl", "Broken rule"),
                                tuple("plant/unknown-type.drl", "Unknown answer type")))
                .hasMessageContaining("plant/unknown-type.drl:5 (rule \"Unknown answer type\"): ")
                .hasMessageContaining("NoSuchAnswer cannot be resolved to a type");
    }

    @Test
    void an_error_in_a_shared_file_is_reported_once_although_every_template_base_compiles_it() throws IOException {
        copyCoreRules(dir);
        write(dir.resolve("core/zz-broken.drl"), """
                package org.plantflow.rules.core

                import org.plantflow.approval.facts.*;

                rule "Shared broken rule"
                when
                    RouteQuestion( nodeId == )
                then
                end
                """);
        write(dir.resolve("tplA/fine.drl"), """
                package org.plantflow.rules.tpla

                import org.plantflow.approval.facts.*;

                rule "tplA: fine"
                when
                    RouteQuestion( nodeId == "x" )
                then
                end
                """);
        write(dir.resolve("tplB/fine.drl"), """
                package org.plantflow.rules.tplb

                import org.plantflow.approval.facts.*;

                rule "tplB: fine"
                when
                    RouteQuestion( nodeId == "x" )
                then
                end
                """);

        assertThatThrownBy(() -> new DroolsDecisions(ResourceFolder.directory(dir)))
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> {
                    assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("core/zz-broken.drl"));
                    assertThat(e.problems()).filteredOn(p -> p.line() == 7).hasSize(1);
                    assertThat(e.problems()).doesNotHaveDuplicates();
                });
    }

    @Test
    void an_empty_rules_folder_is_refused() {
        ResourceFolder folder = ResourceFolder.directory(dir);

        assertThatThrownBy(() -> new DroolsDecisions(folder))
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> assertThat(e.problems())
                        .containsExactly(new RuleProblem("(folder)", 0, null,
                                "no .drl files found; the engine needs at least the core rules (rules/core/*.drl)")))
                .hasMessage("rules in " + dir.toAbsolutePath().normalize() + " do not compile (1 error(s)); fix them "
                        + "and reload:\n(folder):0: no .drl files found; the engine needs at least the core rules "
                        + "(rules/core/*.drl)");
    }

    @Test
    void a_folder_with_only_other_files_is_refused_like_an_empty_one() throws IOException {
        write(dir.resolve("README.md"), "rules go here\n");
        write(dir.resolve("core/routing.drl.bak"), "rule \"old\" when then end\n");

        assertThatThrownBy(() -> new DroolsDecisions(ResourceFolder.directory(dir)))
                .isInstanceOf(RulesInvalidException.class)
                .hasMessageContaining("no .drl files found");
    }

    // ================================================================ runaway and failing rules

    @Test
    void a_rule_that_keeps_re_triggering_itself_is_stopped_with_a_decision_exception() throws IOException {
        write(dir.resolve("loop.drl"), """
                package org.plantflow.rules.loop

                import org.plantflow.approval.facts.*;

                rule "Touch the flow forever"
                when
                    RouteQuestion()
                    $f : Flow()
                then
                    update( $f );
                end
                """);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));

        assertThatThrownBy(() -> decisions.decide(TEMPLATE, new RouteQuestion("a", "PASS", null), List.of(flow("f1", "a", "b"))))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                        .hasSize(10_000).containsOnly("Touch the flow forever"))
                .hasMessage("rules fired 10000 times for RouteQuestion(a, PASS) without settling; a rule probably "
                        + "re-triggers itself (check the rules that fired)");
    }

    @Test
    void a_rule_that_throws_is_reported_as_a_decision_exception_with_the_rules_fired() throws IOException {
        write(dir.resolve("boom.drl"), """
                package org.plantflow.rules.boom

                import org.plantflow.approval.facts.*;

                rule "Explode"
                when
                    RouteQuestion()
                then
                    throw new IllegalStateException("boom");
                end
                """);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));

        assertThatThrownBy(() -> decisions.decide(TEMPLATE, new RouteQuestion("a", "PASS", "pass"), List.of()))
                .isInstanceOf(DecisionException.class)
                .hasMessage("rule \"Explode\" (boom.drl:5) failed in its consequence while deciding RouteQuestion(a, "
                        + "PASS, pass) on no instance facts: boom; fix the rule and reload the rules (this call changed "
                        + "nothing) (rules fired: [Explode])");
    }

    @Test
    void a_rule_that_throws_gives_a_decision_exception_carrying_the_instance_node_template_and_rules_as_fields()
            throws IOException {
        write(dir.resolve("boom.drl"), """
                package org.plantflow.rules.boom

                import org.plantflow.approval.facts.*;

                rule "Explode"
                when
                    AssignQuestion()
                then
                    throw new IllegalStateException("boom");
                end
                """);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));
        Instance instance = new Instance(7, TEMPLATE, 3, "FPC-7", "zhang.clerk", java.util.Map.of());

        assertThatThrownBy(() -> decisions.decide(TEMPLATE, new AssignQuestion("review", false, null), List.of(instance)))
                .isInstanceOfSatisfying(DecisionException.class, e -> {
                    assertThat(e.details()).containsExactly(entry("instanceId", 7L), entry("nodeId", "review"),
                            entry("templateKey", TEMPLATE), entry("templateVersion", 3), entry("businessKey", "FPC-7"),
                            entry("rulesFired", List.of("Explode")));
                    assertThat(e.getCause()).isNotNull();
                });
    }

    // ================================================================ reload

    @Test
    void a_failed_reload_keeps_the_old_rules_answering() throws IOException {
        copyCoreRules(dir);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));
        assertThat(routeFromDraft(decisions, TEMPLATE)).isEqualTo("review");

        write(dir.resolve("broken/bad.drl"), BAD_DRL);

        assertThatThrownBy(decisions::reload)
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> assertThat(e.problems())
                        .extracting(RuleProblem::file, RuleProblem::line, RuleProblem::rule)
                        .contains(tuple("broken/bad.drl", 13, "Broken rule")));
        Outcome after = decisions.decide(TEMPLATE, new RouteQuestion("draft", "PASS", "pass"), draftFlows());
        assertThat(after.answers(Route.class)).extracting(Route::getTo).containsExactly("review");
        assertThat(after.rulesFired()).containsExactly(FOLLOW_SINGLE_FLOW);
    }

    @Test
    void a_successful_reload_serves_the_new_rules_to_their_template() throws IOException {
        copyCoreRules(dir);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));
        assertThat(routeFromDraft(decisions, TEMPLATE)).isEqualTo("review");

        write(dir.resolve("fuel-purchase-contract/urgent.drl"), """
                package org.plantflow.rules.fuel

                import org.plantflow.approval.facts.*;

                rule "fuel: urgent drafts skip the manager"
                when
                    RouteQuestion( nodeId == "draft" )
                then
                    insert( new Route( null, "finance_review" ) );
                end
                """);
        decisions.reload();

        Outcome o = decisions.decide(TEMPLATE, new RouteQuestion("draft", "PASS", "pass"), draftFlows());
        assertThat(o.answers(Route.class)).extracting(Route::getTo).containsExactly("finance_review");
        assertThat(o.rulesFired()).containsExactly("fuel: urgent drafts skip the manager");
        assertThat(routeFromDraft(decisions, "coal-purchase-contract")).as("other templates keep the core rules")
                .isEqualTo("review");
    }

    // ================================================================ helpers

    private static Flow flow(String id, String source, String target) {
        return new Flow(id, source, target, null, false, null);
    }

    private static Flow flowOn(String id, String source, String target, String outcome) {
        return new Flow(id, source, target, null, false, outcome);
    }

    private static Node node(String id, List<String> roles, List<String> acceptors) {
        return new Node(id, "USER_TASK", id, roles, acceptors, null, null, null, null, 1, 1);
    }

    private static Node multi(String id, String mode, String threshold) {
        return new Node(id, "USER_TASK", id, List.of(), List.of("a", "b", "c"), mode, threshold, null, null, 1, 1);
    }

    private static Node gateway(String id, String type, int incoming, int outgoing) {
        return new Node(id, type, id, List.of(), List.of(), null, null, null, null, incoming, outgoing);
    }

    /** The outcomes the core rules insert for a CompleteQuestion at a node of this mode and threshold. */
    private static List<String> completion(String nodeId, String mode, String threshold, int total, int yes, int no,
                                           int open) {
        Outcome o = builtIn.decide(TEMPLATE, new CompleteQuestion(nodeId, mode, total, yes, no, open),
                List.of(multi(nodeId, mode, threshold)));
        return o.answers(NodeOutcome.class).stream().map(NodeOutcome::getOutcome).toList();
    }

    private static List<Object> draftFlows() {
        return List.of(flow("f1", "start", "draft"), flow("f2", "draft", "review"));
    }

    private static String routeFromDraft(DroolsDecisions decisions, String templateKey) {
        List<Route> routes = decisions.decide(templateKey, new RouteQuestion("draft", "PASS", "pass"), draftFlows())
                .answers(Route.class);
        assertThat(routes).hasSize(1);
        return routes.get(0).getTo();
    }

    private static void copyCoreRules(Path target) throws IOException {
        Path core = Files.createDirectories(target.resolve("core"));
        List<Path> copied = new ArrayList<>();
        try (DirectoryStream<Path> drls = Files.newDirectoryStream(CORE_RULES, "*.drl")) {
            for (Path drl : drls) {
                copied.add(Files.copy(drl, core.resolve(drl.getFileName().toString())));
            }
        }
        assertThat(copied).as("core rules copied from " + CORE_RULES.toAbsolutePath()).isNotEmpty();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
