package org.plantflow.approval.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.plantflow.approval.internal.validation.ValidationFixtures.errors;
import static org.plantflow.approval.internal.validation.ValidationFixtures.messageOf;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.ValidationProblem.Severity;
import org.plantflow.approval.internal.template.TemplateParser;

/** Soundness (seed 004): the reachability graph of the template's workflow net. */
class SoundnessTest {

    @Test
    void an_exclusive_split_into_a_parallel_join_deadlocks_with_its_counter_example() {
        List<ValidationProblem> p = errors("exclusive-split-parallel-join.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("JOIN_WITHOUT_SPLIT", List.of("join", "amount_check")),
                tuple("DEADLOCK", List.of("join", "f5")),
                tuple("DEAD_NODE", List.of("join")));
        assertThat(messageOf(p, "DEADLOCK")).isEqualTo("the instance can get stuck: after start -> draft -> amount_check "
                + "-> manager, parallel join 'join' holds 'f5' and waits forever for 'f6' (from 'general_manager'); "
                + "nothing else can move, so the instance never completes. A join must only wait for branches that are "
                + "all started together: start them with a parallel split, or make the join an exclusive gateway");
        assertThat(messageOf(p, "DEAD_NODE")).isEqualTo("'join' can never run: no run of the template gets past it, nor "
                + "to 'end', 'archive' after it (its incoming branches are never all started together); fix the gateway "
                + "before it so that it can be reached, or delete it");
    }

    @Test
    void parallel_branches_meeting_at_a_task_without_a_join_would_run_it_twice() {
        List<ValidationProblem> p = errors("improper-completion.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("SPLIT_WITHOUT_JOIN", List.of("split")),
                tuple("IMPROPER_COMPLETION", List.of("archive", "f4", "f5")));
        assertThat(messageOf(p, "IMPROPER_COMPLETION")).isEqualTo("the instance does not complete properly: after "
                + "start -> split -> a -> b, two tokens arrive at 'archive' along 'f4', 'f5', so 'archive' would run "
                + "twice at the same time for one instance (two activations, and for a user task two tasks for one "
                + "step); parallel branches must meet in a parallel join (or an exclusive gateway that closes their "
                + "split: the first arrival goes on) before they reach a common step");
    }

    @Test
    void a_parallel_split_that_restarts_its_own_loop_has_no_option_to_complete() {
        List<ValidationProblem> p = errors("livelock.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("SPLIT_WITHOUT_JOIN", List.of("fork")),
                tuple("NO_OPTION_TO_COMPLETE", List.of("review", "fork")));
        assertThat(messageOf(p, "NO_OPTION_TO_COMPLETE")).isEqualTo("the instance can get into a state it never "
                + "completes from: after start -> draft -> review, 'review', 'fork' keep running in a circle and no "
                + "choice leads to an end with nothing left behind (a livelock); give the loop an exit that every branch "
                + "of it can take together");
    }

    @Test
    void a_loop_through_a_parallel_split_whose_branch_leaves_it_is_unbounded() {
        List<ValidationProblem> p = errors("unbounded.bpmn");

        assertThat(p).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("SPLIT_WITHOUT_JOIN", List.of("fork")),
                tuple("UNBOUNDED", List.of("f5", "notice")));
        assertThat(messageOf(p, "UNBOUNDED")).isEqualTo("the template can start work without limit: after start -> "
                + "draft -> review -> fork -> more -> review -> fork the same steps can repeat, and each round leaves "
                + "one more token on 'f5' into 'notice' while the earlier ones are still running (a loop passes a "
                + "parallel split whose branch leaves the loop); close the branch with a join inside the loop, or move "
                + "the split out of it");
    }

    @Test
    void first_of_two_parallel_checks_through_an_exclusive_gateway_is_sound_as_late_arrivals_are_absorbed() {
        TemplateParser.Result r = ValidationFixtures.validate("../logic/first-of-two.bpmn");

        assertThat(r.problems()).isEmpty();
    }

    @Test
    void a_template_too_large_to_explore_stops_at_the_bound_with_a_warning_quickly() {
        byte[] xml = TemplateGenerator.wideParallel("wide", 16, 3); // 4^16 states
        long t0 = System.nanoTime();

        TemplateParser.Result r = new TemplateValidator(null).validate("wide.bpmn", xml);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("TOO_LARGE_TO_EXPLORE");
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.message()).startsWith("the soundness check stopped after 50000 states of the template (its bound)");
        });
    }

    @Test
    void the_bound_is_configurable_and_a_template_within_it_is_explored_fully() {
        byte[] xml = TemplateGenerator.wideParallel("wide", 4, 3); // 4^4 = 256 states and a few more

        assertThat(new TemplateValidator(null, 300).validate("wide.bpmn", xml).problems()).isEmpty();
        assertThat(new TemplateValidator(null, 100).validate("wide.bpmn", xml).problems())
                .extracting(ValidationProblem::code).containsExactly("TOO_LARGE_TO_EXPLORE");
    }

    @Test
    void generated_realistic_templates_of_a_thousand_nodes_are_valid() {
        for (long seed = 1; seed <= 3; seed++) {
            byte[] xml = TemplateGenerator.realistic("generated", 1000, seed);

            assertThat(new TemplateValidator(null).validate("generated.bpmn", xml).problems())
                    .as("seed " + seed).allSatisfy(p -> assertThat(p.code()).isEqualTo("NO_RULE_FOR_BRANCH"));
        }
    }
}
