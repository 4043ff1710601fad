package org.plantflow.approval.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Node;
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
 * and temporary rules folders for compile errors and reloads.
 */
class DroolsDecisionsTest {
    static final Path CORE_RULES = Path.of("rules/core");
    static final String FOLLOW_SINGLE_FLOW = "core: follow the single outgoing flow";

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

    // ================================================================ the built-in core rules

    @Test
    void built_in_rules_name_their_source() {
        assertThat(builtIn.source()).isEqualTo("built-in rules (classpath:plantflow/rules)");
    }

    @Test
    void core_rules_route_a_node_with_one_outgoing_flow_along_it() {
        Outcome o = builtIn.decide(new RouteQuestion("draft", "PASS"), List.of(
                flow("f1", "start", "draft"), flow("f2", "draft", "review"), flow("f3", "review", "end")));

        assertThat(o.answers(Route.class)).singleElement().satisfies(r -> {
            assertThat(r.getFlowId()).isEqualTo("f2");
            assertThat(r.getTo()).isEqualTo("review");
        });
        assertThat(o.answers()).hasSize(1);
        assertThat(o.rulesFired()).containsExactly(FOLLOW_SINGLE_FLOW);
    }

    @Test
    void core_rules_give_no_route_for_a_node_with_two_outgoing_flows() {
        Outcome o = builtIn.decide(new RouteQuestion("review", "PASS"), List.of(
                flow("f1", "draft", "review"), flow("f2", "review", "end_a"), flow("f3", "review", "end_b")));

        assertThat(o.answers(Route.class)).isEmpty();
        assertThat(o.answers()).isEmpty();
        assertThat(o.rulesFired()).isEmpty();
    }

    @Test
    void core_rules_offer_a_new_task_to_the_nodes_roles_and_acceptors() {
        Outcome o = builtIn.decide(new AssignQuestion("draft", false, null), List.of(
                node("draft", List.of("fuel_clerk", "fuel_manager"), List.of("li.clerk")),
                node("review", List.of("finance"), List.of())));

        assertThat(o.answers(Candidate.class)).containsExactlyInAnyOrder(
                Candidate.role("fuel_clerk"), Candidate.role("fuel_manager"), Candidate.user("li.clerk"));
        assertThat(o.rulesFired()).containsOnly("core: offer the task to the node's approval:roles",
                "core: offer the task to the node's approval:acceptors");
    }

    @Test
    void core_rules_offer_a_returned_task_only_to_whoever_completed_it_before() {
        Outcome o = builtIn.decide(new AssignQuestion("draft", true, "zhang.clerk"), List.of(
                node("draft", List.of("fuel_clerk"), List.of())));

        assertThat(o.answers(Candidate.class)).containsExactly(Candidate.user("zhang.clerk"));
        assertThat(o.rulesFired()).containsExactly("core: a returned task goes back to whoever completed the node before");
    }

    @Test
    void core_rules_permit_a_holder_of_a_candidate_role_and_nobody_else() {
        List<Object> candidates = List.of(Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));

        Outcome clerk = builtIn.decide(new ActQuestion("zhang.clerk", Set.of("fuel_clerk"), "PASS"), candidates);
        Outcome named = builtIn.decide(new ActQuestion("li.clerk", Set.of(), "PASS"), candidates);
        Outcome stranger = builtIn.decide(new ActQuestion("wang.manager", Set.of("fuel_manager"), "PASS"), candidates);

        assertThat(clerk.answers(Permit.class)).extracting(Permit::getReason).containsExactly("holds role fuel_clerk");
        assertThat(clerk.answers(Candidate.class)).as("input facts are not answers").isEmpty();
        assertThat(named.answers(Permit.class)).extracting(Permit::getReason)
                .containsExactly("user li.clerk is a candidate of the task");
        assertThat(stranger.answers()).isEmpty();
        assertThat(stranger.rulesFired()).isEmpty();
    }

    @Test
    void core_rules_return_to_the_nearest_manual_node_on_the_path() {
        Outcome o = builtIn.decide(new ReturnQuestion("approve"), List.of(
                new PathStep("gateway", 12, 1, false, "engine"),
                new PathStep("review", 11, 2, true, "wang.manager"),
                new PathStep("draft", 10, 3, true, "zhang.clerk")));

        assertThat(o.answers(ReturnTo.class)).extracting(ReturnTo::getNodeId).containsExactly("review");
        assertThat(o.rulesFired()).containsExactly("core: return to the previous manual node on the path taken");
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

        assertThatThrownBy(() -> decisions.decide(new RouteQuestion("a", "PASS"), List.of(flow("f1", "a", "b"))))
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

        assertThatThrownBy(() -> decisions.decide(new RouteQuestion("a", "PASS"), List.of()))
                .isInstanceOf(DecisionException.class)
                .hasMessageStartingWith("a rule failed while deciding RouteQuestion(a, PASS): ")
                .hasMessageContaining("boom");
    }

    // ================================================================ reload

    @Test
    void a_failed_reload_keeps_the_old_rules_answering() throws IOException {
        copyCoreRules(dir);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));
        assertThat(routeFromDraft(decisions)).isEqualTo("review");

        write(dir.resolve("broken/bad.drl"), BAD_DRL);

        assertThatThrownBy(decisions::reload)
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> assertThat(e.problems())
                        .extracting(RuleProblem::file, RuleProblem::line, RuleProblem::rule)
                        .contains(tuple("broken/bad.drl", 13, "Broken rule")));
        Outcome after = decisions.decide(new RouteQuestion("draft", "PASS"), draftFlows());
        assertThat(after.answers(Route.class)).extracting(Route::getTo).containsExactly("review");
        assertThat(after.rulesFired()).containsExactly(FOLLOW_SINGLE_FLOW);
    }

    @Test
    void a_successful_reload_serves_the_new_rules() throws IOException {
        copyCoreRules(dir);
        DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.directory(dir));
        assertThat(routeFromDraft(decisions)).isEqualTo("review");

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

        Outcome o = decisions.decide(new RouteQuestion("draft", "PASS"), draftFlows());
        assertThat(o.answers(Route.class)).extracting(Route::getTo).containsExactly("finance_review");
        assertThat(o.rulesFired()).containsExactly("fuel: urgent drafts skip the manager");
    }

    // ================================================================ helpers

    private static Flow flow(String id, String source, String target) {
        return new Flow(id, source, target, null, false);
    }

    private static Node node(String id, List<String> roles, List<String> acceptors) {
        return new Node(id, "USER_TASK", id, roles, acceptors, null, null, null);
    }

    private static List<Object> draftFlows() {
        return List.of(flow("f1", "start", "draft"), flow("f2", "draft", "review"));
    }

    private static String routeFromDraft(DroolsDecisions decisions) {
        List<Route> routes = decisions.decide(new RouteQuestion("draft", "PASS"), draftFlows()).answers(Route.class);
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
