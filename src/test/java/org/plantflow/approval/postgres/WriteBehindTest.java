package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.OptimisticLockException;
import org.plantflow.approval.internal.persistence.MyBatisSetup;
import org.plantflow.approval.internal.persistence.MyBatisStore;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On PostgreSQL the store holds a call's writes back and sends them with the call's next read or at the end of the
 * call, in one round trip: checked here against a real server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteBehindTest {
    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor MANAGER = Actor.of("wang.manager", "fuel_manager");

    private DataSource ds;
    private ApprovalEngine engine;
    private SqlSessionFactory sessions;
    private JdbcTemplate jdbc;

    @BeforeAll
    void start() {
        ds = TestPostgres.newSchemaDataSource("write_behind");
        engine = ApprovalEngine.builder().dataSource(ds).build();
        engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
        sessions = MyBatisSetup.build(ds, new JdbcTransactionFactory(), "postgresql", null);
        jdbc = new JdbcTemplate(ds);
    }

    @AfterAll
    void stop() {
        engine.close();
        ((HikariDataSource) ds).close();
    }

    @Test
    void a_stale_version_in_a_held_back_write_fails_at_the_flush_and_the_call_keeps_nothing() {
        InstanceView started = engine.start("linear-contract", "WB-1", CLERK.user(), Map.of());
        long taskId = started.openTasks().get(0).id();
        int historyBefore = history(started.id());
        try (SqlSession session = sessions.openSession(false)) {
            MyBatisStore store = new MyBatisStore(session);
            TaskRow task = store.taskLockingInstance(taskId); // locks the instance and the task row, not the activation
            store.insertHistory(historyRow(started.id(), taskId));
            jdbc.update("update pf_activation set version = version + 1 where id = ?", task.activationId); // another writer, committed
            task.status = org.plantflow.approval.TaskStatus.COMPLETED;
            store.updateTask(task); // held back: no error yet
            task.activation.status = org.plantflow.approval.internal.persistence.ActivationStatus.COMPLETED;
            store.updateActivation(task.activation); // held back, with the version read before the other writer's

            assertThatThrownBy(store::flush).isInstanceOfSatisfying(OptimisticLockException.class, e -> {
                assertThat(e.table()).isEqualTo("pf_activation");
                assertThat(e.id()).isEqualTo(task.activationId);
                assertThat(e.instanceId()).isEqualTo(started.id());
                assertThat(e.nodeId()).isEqualTo("draft");
            });
            session.rollback(true);
        }
        assertThat(history(started.id())).isEqualTo(historyBefore);
        assertThat(jdbc.queryForObject("select status from pf_task where id = ?", String.class, taskId)).isEqualTo("OPEN");
        assertThat(jdbc.queryForObject("select a.status from pf_activation a join pf_task t on t.activation_id = a.id where t.id = ?",
                String.class, taskId)).isEqualTo("ACTIVE");
    }

    @Test
    void a_read_in_the_call_sees_the_writes_held_back_before_it_and_nothing_is_visible_outside_before_the_commit() {
        InstanceView started = engine.start("linear-contract", "WB-2", CLERK.user(), Map.of());
        long taskId = started.openTasks().get(0).id();
        try (SqlSession session = sessions.openSession(false)) {
            MyBatisStore store = new MyBatisStore(session);
            TaskRow task = store.taskLockingInstance(taskId);
            ActivationRow a = new ActivationRow();
            a.instanceId = started.id();
            a.nodeId = "fuel_manager_review";
            a.nodeType = "USER_TASK";
            a.status = org.plantflow.approval.internal.persistence.ActivationStatus.ACTIVE;
            a.previousActivationId = task.activationId;
            a.createdAt = LocalDateTime.now();
            store.insertActivation(a);
            assertThat(a.id).as("id given before the row is written").isPositive();

            ActivationRow read = store.activation(a.id);
            assertThat(read).isNotNull();
            assertThat(read.nodeId).isEqualTo("fuel_manager_review");
            assertThat(jdbc.queryForObject("select count(*) from pf_activation where id = ?", Long.class, a.id))
                    .as("not committed yet").isZero();
            session.rollback(true);
        }
    }

    @Test
    void rows_of_one_instance_get_growing_ids_when_two_engines_take_turns() {
        try (ApprovalEngine other = ApprovalEngine.builder().dataSource(ds).migrate(false).build()) {
            InstanceView i = engine.start("linear-contract", "WB-3", CLERK.user(), Map.of());
            engine.start("linear-contract", "WB-3b", CLERK.user(), Map.of()); // takes ids in between
            i = other.pass(i.openTasks().get(0).id(), CLERK, null);
            other.start("linear-contract", "WB-3c", CLERK.user(), Map.of());
            i = engine.pass(i.openTasks().get(0).id(), MANAGER, null);
            long id = i.id();
            assertThat(jdbc.queryForObject("select count(*) from pf_activation a join pf_activation p on p.id = a.previous_activation_id"
                    + " where a.instance_id = ? and p.id > a.id", Long.class, id)).as("an activation older than its predecessor").isZero();
            assertThat(jdbc.queryForList("select node_id from pf_activation where instance_id = ? order by id", String.class, id))
                    .containsExactly("draft", "fuel_manager_review", "finance_review");
            assertThat(engine.history(id)).extracting(h -> h.action()).startsWith("START", "PASS", "PASS");
        }
    }

    @Test
    void a_read_after_taking_the_instance_lock_sees_what_another_call_committed_since_an_earlier_read() {
        InstanceView started = engine.start("linear-contract", "WB-4", CLERK.user(), Map.of());
        long taskId = started.openTasks().get(0).id();
        try (SqlSession session = sessions.openSession(false)) {
            MyBatisStore store = new MyBatisStore(session);
            assertThat(store.task(taskId).status).hasToString("OPEN"); // as the sweeper reads its claimed task
            engine.pass(taskId, CLERK, null); // another call closes it meanwhile
            store.lockInstance(started.id());
            assertThat(store.task(taskId).status).as("re-read under the lock").hasToString("COMPLETED");
            session.rollback(true);
        }
    }

    @Test
    void a_sweeper_does_not_claim_an_overdue_task_that_a_running_call_is_closing() { // found by review
        InstanceView started = engine.start("linear-contract", "WB-5", CLERK.user(), Map.of());
        long taskId = started.openTasks().get(0).id();
        jdbc.update("update pf_task set due_at = timestamp '2000-01-01 00:00' where id = ?", taskId);
        try (SqlSession call = sessions.openSession(false)) {
            MyBatisStore store = new MyBatisStore(call);
            TaskRow task = store.taskLockingInstance(taskId);
            task.status = org.plantflow.approval.TaskStatus.COMPLETED;
            task.completedAt = LocalDateTime.now();
            task.completedBy = CLERK.user();
            task.outcome = "PASS";
            task.dueAt = null;
            store.updateTask(task); // held back: the task row is not locked yet, its instance is
            List<Long> claimed;
            try (SqlSession sweeper = sessions.openSession(false)) {
                claimed = new MyBatisStore(sweeper).claimOverdueTasks("sweeper-B", LocalDateTime.of(2030, 1, 1, 0, 0),
                        LocalDateTime.of(2030, 1, 1, 0, 5), 10);
                sweeper.commit(true);
            }
            store.flush(); // the call's close still finds the version it read
            call.rollback(true);
            assertThat(claimed).doesNotContain(taskId);
        }
    }

    @Test
    void an_automatic_nodes_action_sees_what_the_engine_wrote_before_it_in_the_same_call() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong approveTask = new java.util.concurrent.atomic.AtomicLong();
        try (ApprovalEngine withAction = ApprovalEngine.builder().dataSource(ds).migrate(false)
                .action("printContract", ctx -> {
                    try (var ps = ctx.connection().prepareStatement("select status from pf_task where id = ?")) {
                        ps.setLong(1, approveTask.get());
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            seen.set(rs.getString(1));
                        }
                    }
                }).build()) {
            withAction.deploy(Path.of("src/test/resources/logic/automatic.bpmn"));
            InstanceView i = withAction.start("automatic", "WB-6", CLERK.user(), Map.of());
            approveTask.set(i.openTasks().get(0).id());
            withAction.pass(approveTask.get(), Actor.of("wang.manager", "fuel_manager"), null);
        }
        assertThat(seen.get()).as("the task passed in this call, seen by the action").isEqualTo("COMPLETED");
    }

    private int history(long instanceId) {
        return jdbc.queryForObject("select count(*) from pf_history where instance_id = ?", Integer.class, instanceId);
    }

    private static HistoryRow historyRow(long instanceId, long taskId) {
        HistoryRow h = new HistoryRow();
        h.instanceId = instanceId;
        h.taskId = taskId;
        h.action = "PASS";
        h.actor = "zhang.clerk";
        h.createdAt = LocalDateTime.now();
        return h;
    }
}
