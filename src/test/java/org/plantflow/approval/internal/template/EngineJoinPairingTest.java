package org.plantflow.approval.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** How the engine pairs joins with the splits whose regions they close. */
class EngineJoinPairingTest {

    private static TemplateModel parse(String file) throws Exception {
        Path p = Path.of(file);
        return new TemplateParser().parse(p.toString(), Files.readAllBytes(p)).model();
    }

    @Test
    void a_parallel_join_is_paired_with_the_parallel_split_that_dominates_it() throws Exception {
        assertThat(TemplateRegistry.joinSplits(parse("src/test/resources/logic/parallel-review.bpmn")))
                .containsExactlyEntriesOf(java.util.Map.of("join", "split"));
    }

    @Test
    void a_rework_loop_merge_inside_a_branch_is_a_loop_header_not_the_join_of_the_split() throws Exception {
        // split -> (again -> legal_review -> ok -(redo)-> again | ok -> join), finance_review -> join
        assertThat(TemplateRegistry.joinSplits(parse("src/test/resources/validation/rework-loop-in-branch.bpmn")))
                .containsEntry("join", "split")
                .doesNotContainKey("again");
    }

    @Test
    void an_or_join_after_a_parallel_split_is_paired_with_it_so_late_arrivals_are_absorbed() throws Exception {
        assertThat(TemplateRegistry.joinSplits(parse("src/test/resources/logic/first-of-two.bpmn")))
                .containsEntry("first", "split");
    }
}
