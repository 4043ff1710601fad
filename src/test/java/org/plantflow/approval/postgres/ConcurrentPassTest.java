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
import org.plantflow.approval.testsupport.TestPostgres;

/**
 * Optimistic locking on a real PostgreSQL: two threads, each with its own pooled connection, pass the same
 * task at the same moment. Exactly one wins; the other gets a typed {@link ConflictException} and leaves
 * nothing behind.
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
    void two_concurrent_passes_of_one_task_give_exactly_one_success_and_one_conflict() throws Exception {
        int conflictsFromVersionCheck = 0;
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
            if (outcomes.stream().anyMatch(org.plantflow.approval.OptimisticLockException.class::isInstance)) {
                conflictsFromVersionCheck++;
            }

            // exactly one PASS in the history, one next task, and the passed task carries the winner's name
            assertThat(count("select count(*) from pf_history where instance_id = ? and action = 'PASS'", i.id())).isEqualTo(1);
            assertThat(count("select count(*) from pf_task where instance_id = ?", i.id())).isEqualTo(2);
            assertThat(count("select count(*) from pf_task where instance_id = ? and status = 'OPEN'", i.id())).isEqualTo(1);
        }
        // Both ways of losing are typed; the version check must have been exercised, not only the status check.
        assertThat(conflictsFromVersionCheck).as("races decided by the version column").isPositive();
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
