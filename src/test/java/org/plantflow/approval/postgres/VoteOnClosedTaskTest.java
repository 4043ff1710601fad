package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A vote cast on a task that a concurrent vote has just closed (issue 10, item 8), made deterministic on a real
 * PostgreSQL: the deciding vote is held inside its transaction (in a host action after the vote, with the last vote
 * task already cancelled) while the last voter's call starts and waits for the instance lock. When the deciding call
 * commits, the waiting call must see the task as it is now, cancelled, and refuse with the README's
 * {@link TaskNotOpenException}; it used to read the task as it was before the wait and fail later with
 * OptimisticLockException ("reload and try again").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoteOnClosedTaskTest {
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private ApprovalEngine engine;
    private ExecutorService threads;
    private final CountDownLatch decidingCallInAction = new CountDownLatch(1);
    private final CountDownLatch releaseDecidingCall = new CountDownLatch(1);

    DataSource dataSource() {
        return dataSource;
    }

    /** The database under test (a pool: closed after the class). */
    DataSource newDataSource() {
        return TestPostgres.newSchemaDataSource("vote_closed");
    }

    @BeforeAll
    void setUp() {
        dataSource = newDataSource();
        jdbc = new JdbcTemplate(dataSource);
        engine = ApprovalEngine.builder().dataSource(dataSource)
                .action("recordOutcome", ctx -> {
                    decidingCallInAction.countDown();
                    releaseDecidingCall.await(20, TimeUnit.SECONDS);
                })
                .build();
        engine.deploy(Path.of("src/test/resources/logic/vote-then-record.bpmn"));
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    void tearDown() {
        releaseDecidingCall.countDown();
        threads.shutdownNow();
        engine.close();
        ((HikariDataSource) dataSource).close();
    }

    @Test
    void a_vote_on_a_task_that_the_deciding_vote_cancelled_while_it_waited_is_refused_as_not_open_and_changes_nothing() throws Exception {
        InstanceView i = engine.start("vote-then-record", "VOTE-CLOSED-1", "someone", Map.of());
        List<TaskView> votes = i.openTasks();
        assertThat(votes).hasSize(3);
        TaskView first = votes.get(0);
        TaskView deciding = votes.get(1);
        TaskView last = votes.get(2);
        engine.pass(first.id(), ConcurrentVotesTest.voter(first), "yes"); // 1 yes, 2 open: waits

        Future<Object> decidingCall = threads.submit(() -> engine.pass(deciding.id(), ConcurrentVotesTest.voter(deciding), "yes"));
        assertThat(decidingCallInAction.await(20, TimeUnit.SECONDS)).as("the deciding vote reached the host action").isTrue();
        Future<Object> lastCall = threads.submit(() -> {
            try {
                return engine.pass(last.id(), ConcurrentVotesTest.voter(last), "yes");
            } catch (RuntimeException e) {
                return e;
            }
        });
        waitUntilACallWaitsForALock();
        int historyBefore = jdbc.queryForObject("select count(*) from pf_history where instance_id = ?", Integer.class, i.id());
        releaseDecidingCall.countDown();

        InstanceView decided = (InstanceView) decidingCall.get(20, TimeUnit.SECONDS);
        Object outcome = lastCall.get(20, TimeUnit.SECONDS);

        assertThat(decided.openTasks()).extracting(TaskView::nodeId).containsExactly("accept_with_deduction");
        assertThat(outcome).isInstanceOfSatisfying(TaskNotOpenException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("task " + last.id() + " at node 'committee' of instance " + i.id()
                    + " is already CANCELLED; nothing was changed: reload the pending list");
            assertThat(e.taskId()).isEqualTo(last.id());
        });
        // nothing changed by the refused vote: its task stays as the deciding vote left it, no history row of its own
        assertThat(jdbc.queryForList("select status || ':' || outcome || ':' || coalesce(completed_by, '-') from pf_task where id = ?",
                String.class, last.id())).containsExactly("CANCELLED:CANCELLED:-");
        assertThat(jdbc.queryForList("select action || ':' || actor from pf_history where instance_id = ? and from_node = 'committee' order by id",
                String.class, i.id())).containsExactly("PASS:" + ConcurrentVotesTest.voter(first).user(), "PASS:" + ConcurrentVotesTest.voter(deciding).user());
        assertThat(jdbc.queryForObject("select count(*) from pf_history where instance_id = ? and task_id = ?", Integer.class, i.id(), last.id()))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from pf_history where instance_id = ?", Integer.class, i.id()))
                .as("history rows: the deciding call's only").isGreaterThan(historyBefore);
        assertThat(engine.instance(i.id()).openTasks()).extracting(TaskView::nodeId).containsExactly("accept_with_deduction");
    }

    /** The last voter's call has sent its statement and waits for the instance row the deciding call holds. */
    void waitUntilACallWaitsForALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and query like '%from pf_task t%join pf_instance i%'", Integer.class) == 0) {
            assertThat(System.nanoTime()).as("a call waiting for the instance lock").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
