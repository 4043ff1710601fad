package org.plantflow.approval.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.plantflow.approval.internal.validation.ValidationFixtures.errors;
import static org.plantflow.approval.internal.validation.ValidationFixtures.messageOf;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.ValidationProblem;

/**
 * Structure (seed 003 §2): the six error pictures of figure 3 (a)-(f), each in its own file, and the other
 * structural codes. Where the soundness check also has something to say, its findings are asserted too: every
 * problem is listed at once.
 */
class StructureChecksTest {

    @Test
    void fig3a_nodes_the_start_does_not_reach_are_unreachable() {
        List<ValidationProblem> p = errors("fig3a-unreachable.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("UNREACHABLE_NODE", List.of("b")),
                tuple("UNREACHABLE_NODE", List.of("c")));
        assertThat(p.get(0).message()).isEqualTo("node 'b' cannot be reached: no path from the start event 'start' "
                + "leads to it (its incoming flows come from 'c'), so it would never run; connect it to the process or "
                + "delete it");
    }

    @Test
    void fig3b_a_branch_leaving_the_unit_before_its_join_is_an_illegal_exit_and_deadlocks_the_join() {
        List<ValidationProblem> p = errors("fig3b-illegal-exit.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("ILLEGAL_EXIT", List.of("A", "D", "f6", "B", "E")),
                tuple("DEADLOCK", List.of("D", "f5")));
        assertThat(messageOf(p, "ILLEGAL_EXIT")).isEqualTo("flow 'f6' leaves the concurrency unit of parallel split 'A' "
                + "and its join 'D' from 'B' to 'E' before the join: that branch would never arrive at 'D', which would "
                + "then wait forever (or run 'E' alongside the rest); lead every path of the branch into 'D' and "
                + "continue from there");
        assertThat(messageOf(p, "DEADLOCK")).startsWith("the instance can get stuck: after start -> A -> B -> C -> E -> "
                + "end2, parallel join 'D' holds 'f5' and waits forever for 'f4' (from 'B')");
    }

    @Test
    void fig3c_a_path_entering_the_unit_past_its_split_is_an_illegal_entry() {
        List<ValidationProblem> p = errors("fig3c-illegal-entry.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("ILLEGAL_ENTRY", List.of("S", "J", "f8", "A", "C")),
                tuple("DEADLOCK", List.of("J", "f6")));
        assertThat(messageOf(p, "ILLEGAL_ENTRY")).isEqualTo("flow 'f8' enters the concurrency unit of parallel split "
                + "'S' and its join 'J' from 'A' straight to 'C', past the split: a branch started that way is not "
                + "counted by the join; enter the unit only through 'S'");
    }

    @Test
    void fig3d_a_path_from_one_branch_into_its_sibling_is_a_branch_jump() {
        List<ValidationProblem> p = errors("fig3d-branch-jump.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("BRANCH_JUMP", List.of("A", "J", "C", "f3", "f6")),
                tuple("DEADLOCK", List.of("J", "f5")),
                tuple("IMPROPER_COMPLETION", List.of("C", "f3", "f6")));
        assertThat(messageOf(p, "BRANCH_JUMP")).isEqualTo("branches of parallel split 'A' meet at 'C' before their join "
                + "'J' (along 'f3', 'f6'): a path jumps from one branch into a sibling branch, so 'C' would run once for "
                + "each of them; keep the branches apart until 'J'");
    }

    @Test
    void fig3e_a_split_wired_straight_to_its_join_is_reported_and_nothing_else() {
        List<ValidationProblem> p = errors("fig3e-split-wired-to-join.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("SPLIT_WIRED_TO_JOIN", List.of("A", "D", "f6")));
        assertThat(p.get(0).message()).isEqualTo("flow 'f6' wires parallel split 'A' straight to its join 'D': that "
                + "branch does nothing; delete the flow, or put the step that branch should do on it");
    }

    @Test
    void fig3f_a_loop_without_a_way_out_is_a_dead_loop_naming_its_nodes_and_flows() {
        List<ValidationProblem> p = errors("fig3f-dead-loop.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("DEAD_LOOP", List.of("A", "B", "C", "D", "f4", "f5", "f6", "f7")));
        assertThat(p.get(0).message()).isEqualTo("nodes 'A', 'B', 'C', 'D' form a loop with no way out (entered along "
                + "'f3'): an instance that enters it goes round forever and never reaches an end event; add a flow out "
                + "of the loop (an exclusive gateway with a flow to the next step or to an end)");
    }

    @Test
    void a_branch_leading_only_into_a_dead_loop_has_no_path_to_an_end() {
        List<ValidationProblem> p = errors("no-path-to-end.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("DEAD_LOOP", List.of("check", "recheck", "f5", "f6")),
                tuple("NO_PATH_TO_END", List.of("fix")));
        assertThat(messageOf(p, "NO_PATH_TO_END")).isEqualTo("no end event can be reached from 'fix': every path from "
                + "it ends at the dead loop 'check', 'recheck', so an instance that gets there can never complete; lead "
                + "it to an end event");
    }

    @Test
    void a_parallel_split_whose_branches_end_separately_has_no_join() {
        assertThat(errors("split-without-join.bpmn")).extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactly(tuple("SPLIT_WITHOUT_JOIN", List.of("split")));
    }

    @Test
    void a_parallel_join_after_a_task_with_two_outgoing_flows_has_no_split_and_deadlocks() {
        List<ValidationProblem> p = errors("join-without-split.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("JOIN_WITHOUT_SPLIT", List.of("join")),
                tuple("DEADLOCK", List.of("join", "f4")),
                tuple("DEAD_NODE", List.of("join")));
    }

    @Test
    void one_parallel_split_closed_by_two_joins_is_reported_with_both() {
        List<ValidationProblem> p = errors("split-with-several-joins.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactly(tuple("SPLIT_WITH_SEVERAL_JOINS", List.of("split", "join1", "join2")));
        assertThat(p.get(0).message()).isEqualTo("parallel split 'split' is closed by several joins: 'join1', 'join2' "
                + "(the engine takes every gateway with several incoming flows that the split is the nearest split "
                + "before as its join, unless a loop comes back to it); bring all its branches together in one join");
    }

    /**
     * A merge that a loop comes back to is a loop header and closes no region (internal/template/JoinPairing, the
     * engine's Navigator.join): the rework loop inside the parallel branch goes round as often as the rules say, and
     * the branch is closed by the split's real join. Issue 10: the validator used to take the merge for a second join
     * of the split and refused the template, which the engine runs correctly.
     */
    @Test
    void a_rework_loop_merged_at_a_gateway_inside_a_parallel_branch_is_a_loop_header_and_the_template_is_valid() {
        assertThat(errors("rework-loop-in-branch.bpmn")).isEmpty();
    }

    /** Issue 10: the validator used to accept this as a "first of two" join, while the engine ran 'revise' twice. */
    @Test
    void parallel_branches_meeting_first_at_a_rework_loop_merge_have_no_join() {
        List<ValidationProblem> p = errors("split-joined-at-loop-merge.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("SPLIT_WITHOUT_JOIN", List.of("split", "again")),
                tuple("IMPROPER_COMPLETION", List.of("again", "f4", "f5")));
        assertThat(p.get(0).message()).isEqualTo("parallel split 'split' starts 2 branches ('legal_review', "
                + "'finance_review') that first meet at 'again', where a loop comes back (along 'redo' from 'ok'); a "
                + "merge that a loop comes back to closes no split, so every branch would go on past 'again' on its "
                + "own; join the branches in a gateway of their own and let the loop come back after that join");
    }

    @Test
    void a_rework_loop_merged_at_a_parallel_gateway_is_a_join_without_split_that_waits_for_its_own_loop() {
        List<ValidationProblem> p = errors("parallel-loop-merge.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("JOIN_WITHOUT_SPLIT", List.of("again", "redo")),
                tuple("DEADLOCK", List.of("again", "f2")),
                tuple("DEAD_NODE", List.of("again")));
        assertThat(p.get(0).message()).isEqualTo("parallel join 'again' is where a loop comes back (along 'redo' from "
                + "'ok'), so it closes no split: it waits for all its 2 incoming flows, but the loop can only come back "
                + "after 'again' has gone on, so it would wait forever; make 'again' an exclusive gateway (a merge), "
                + "and join parallel branches in a gateway of their own before it");
    }

    @Test
    void an_exclusive_split_into_a_parallel_join_is_a_join_without_split() {
        assertThat(errors("exclusive-split-parallel-join.bpmn")).extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .startsWith(tuple("JOIN_WITHOUT_SPLIT", List.of("join", "amount_check")));
    }
}
