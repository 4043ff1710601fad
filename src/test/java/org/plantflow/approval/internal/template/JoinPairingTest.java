package org.plantflow.approval.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one pairing of joins with splits that the engine runs with and the validator checks against. */
class JoinPairingTest {

    private static TemplateModel parse(String file) throws IOException {
        Path p = Path.of(file);
        TemplateParser.Result r = new TemplateParser().parse(p.toString(), Files.readAllBytes(p));
        assertThat(r.problems()).isEmpty();
        return r.model();
    }

    @Test
    void a_parallel_join_is_paired_with_the_parallel_split_that_dominates_it() throws IOException {
        JoinPairing.Pairing p = JoinPairing.of(parse("src/test/resources/logic/parallel-review.bpmn"));

        assertThat(p.pairs()).containsExactlyEntriesOf(Map.of("join", "split"));
        assertThat(p.loopHeaders()).isEmpty();
    }

    @Test
    void an_exclusive_gateway_closing_a_parallel_split_is_paired_with_it_as_first_of_several() throws IOException {
        assertThat(JoinPairing.pairJoins(parse("src/test/resources/logic/first-of-two.bpmn"))).containsEntry("first", "split");
    }

    /**
     * The settled meaning of a rework loop inside a parallel branch (issue 10): the merge the loop comes back to is a
     * loop header, closes no region and is paired with nothing; the split's region is closed by its real join.
     */
    @Test
    void a_rework_loop_merge_inside_a_parallel_branch_is_a_loop_header_and_the_join_closes_the_split() throws IOException {
        JoinPairing.Pairing p = JoinPairing.of(parse("src/test/resources/validation/rework-loop-in-branch.bpmn"));

        assertThat(p.pairs()).containsExactlyEntriesOf(Map.of("join", "split"));
        assertThat(p.loopHeaders()).containsExactlyEntriesOf(Map.of("again", List.of("redo")));
    }

    @Test
    void a_loop_merge_where_parallel_branches_first_meet_closes_nothing() throws IOException {
        JoinPairing.Pairing p = JoinPairing.of(parse("src/test/resources/validation/split-joined-at-loop-merge.bpmn"));

        assertThat(p.pairs()).isEmpty();
        assertThat(p.loopHeaders()).containsExactlyEntriesOf(Map.of("again", List.of("redo")));
    }
}
