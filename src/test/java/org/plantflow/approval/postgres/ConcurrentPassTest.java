package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
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
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ConflictException;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.testsupport.TestPostgres;

/**
 * Two threads on a real PostgreSQL, each with its own pooled connection, pass the same task at the same moment.
 * Exactly one wins; the other leaves nothing behind and gets {@link TaskNotOpenException} naming the winner: it
 * waits for the instance lock, and the same statement locks and re-reads the task, so it sees the task closed (before
 * issue 10 it read the task as it was before the wait and was refused by the version check instead, with
 * OptimisticLockException).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentPassTest {
    private static final int REPETITIONS = 100;
    private static final Actor CLERK_A = Actor.of("zhang.clerk", "fuel_clerk");
    private static final Actor CLERK_B = Actor.of("li.clerk", "fuel_clerk");

    private DataSource dataSource;
    private ApprovalEngine engine;
    private ExecutorService threads;

    @BeforeAll
    void setUp() {
        dataSource = TestPostgres.newSchemaDataSource("concurrency");
        engine = ApprovalEngine.builder().dataSource(dataSource).build();
        engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    void tearDown() {
        threads.shutdownNow();
        engine.close();
        ((HikariDataSource) dataSource).close();
    }

    @Test
    void two_concurrent_passes_of_one_task_give_exactly_one_success_and_one_task_not_open_naming_the_winner() throws Exception {
        for (int rep = 0; rep < REPETITIONS; rep++) {
            InstanceView i = engine.start("linear-contract", "FPC-RACE-" + rep, CLERK_A.user(), Map.of());
            long task = i.openTasks().get(0).id();
            CyclicBarrier barrier = new CyclicBarrier(2);
            List<Future<Object>> results = new ArrayList<>();
            for (Actor actor : List.of(CLERK_A, CLERK_B)) {
                Callable<Object> pass = () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    try {
                        return engine.pass(task, actor, "race " + actor.user());
                    } catch (ConflictException e) {
                        return e;
                    }
                };
                results.add(threads.submit(pass));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : results) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(InstanceView.class::isInstance).as("successes in repetition " + rep).hasSize(1);
            assertThat(outcomes).filteredOn(ConflictException.class::isInstance).as("conflicts in repetition " + rep).hasSize(1);
            String winner = outcomes.get(0) instanceof InstanceView ? CLERK_A.user() : CLERK_B.user();
            long instanceId = i.id();
            assertThat(outcomes).filteredOn(ConflictException.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(TaskNotOpenException.class, e -> assertThat(e.getMessage()).isEqualTo("task " + task
                            + " at node 'draft' of instance " + instanceId + " is already COMPLETED by " + winner
                            + "; nothing was changed: reload the pending list"));

            // exactly one PASS in the history, one next task, and the passed task carries the winner's name
            assertThat(count("select count(*) from pf_history where instance_id = ? and action = 'PASS'", i.id())).isEqualTo(1);
            assertThat(count("select count(*) from pf_task where instance_id = ?", i.id())).isEqualTo(2);
            assertThat(count("select count(*) from pf_task where instance_id = ? and status = 'OPEN'", i.id())).isEqualTo(1);
        }
    }

    private long count(String sql, long id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
