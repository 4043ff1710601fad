package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.testsupport.TestRules;

/**
 * Issue 10, item 3: a rework loop inside a parallel branch, merged at an exclusive gateway ('again'), is a loop
 * header: it closes no region, the loop goes round inside the branch, and the split's join ('join') still waits
 * for the branch. The validator accepts the template (it used to refuse it), and the engine runs it so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReworkLoopInBranchH2Test {
    static final Path TEMPLATE = Path.of("src/test/resources/validation/rework-loop-in-branch.bpmn");
    static final Actor CLERK = Actor.of("zhang.clerk", "clerk");
    /** While the start variable {@code rework} is 1, legal review goes round again. */
    static final String REDO_RULE = """
            package org.plantflow.rules.test.reworkloop

            import org.plantflow.approval.facts.*;

            rule "rework-loop-in-branch: legal review goes round again while rework is asked for"
            when
                RouteQuestion( nodeId == "ok" )
                Variable( name == "rework", number == 1 )
            then
                insert( new Route( "redo", "again" ) );
            end
            """;

    @TempDir
    static Path extraRules;
    private ApprovalEngine engine;

    @BeforeAll
    void startEngine() throws IOException {
        Files.createDirectories(extraRules.resolve("rework-loop-in-branch"));
        Files.writeString(extraRules.resolve("rework-loop-in-branch/redo.drl"), REDO_RULE);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:rework_loop_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        engine = ApprovalEngine.builder().dataSource(ds).rulesDirectory(TestRules.shippedPlus(extraRules)).build();
        engine.deploy(TEMPLATE);
    }

    @AfterAll
    void stopEngine() {
        engine.close();
    }

    private static long taskAt(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no open task at " + node + " in " + i.openTasks())).id();
    }

    private static List<String> openNodes(InstanceView i) {
        return i.openTasks().stream().map(TaskView::nodeId).sorted().toList();
    }

    @Test
    void a_rework_loop_inside_a_parallel_branch_goes_round_and_the_join_still_waits_for_the_branch() {
        InstanceView i = engine.start("rework-loop-in-branch", "RL-1", CLERK.user(), Map.of("rework", 1));
        i = engine.pass(taskAt(i, "prepare"), CLERK, null);
        assertThat(openNodes(i)).containsExactly("finance_review", "legal_review");

        i = engine.pass(taskAt(i, "legal_review"), CLERK, null);
        assertThat(openNodes(i)).as("the loop went round through 'again'").containsExactly("finance_review", "legal_review");

        i = engine.pass(taskAt(i, "finance_review"), CLERK, null);
        assertThat(openNodes(i)).containsExactly("legal_review");
        assertThat(i.waitingAt()).containsExactly("join");
        assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void without_rework_both_branches_arrive_at_the_join_and_the_instance_completes() {
        InstanceView i = engine.start("rework-loop-in-branch", "RL-2", CLERK.user(), Map.of("rework", 0));
        i = engine.pass(taskAt(i, "prepare"), CLERK, null);
        i = engine.pass(taskAt(i, "legal_review"), CLERK, null);
        assertThat(openNodes(i)).containsExactly("finance_review");
        assertThat(i.waitingAt()).containsExactly("join");

        i = engine.pass(taskAt(i, "finance_review"), CLERK, null);
        assertThat(i.openTasks()).isEmpty();
        assertThat(i.status()).isEqualTo(InstanceStatus.COMPLETED);
    }
}
