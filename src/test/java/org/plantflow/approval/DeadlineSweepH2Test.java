package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.spi.ApprovalListener;
import org.plantflow.approval.testsupport.MutableClock;

/**
 * The deadline sweeper's remind-once behaviour on H2: in PostgreSQL mode with the detected databaseId
 * {@code h2} (the plain claim query, optimistic claim) and in Oracle mode with databaseId {@code oracle}
 * (the Oracle scripts and the {@code rownum ... for update skip locked} claim query); and two engines on one
 * H2 database sweeping at once (H2's claim query does not lock: the optimistic claim decides).
 */
class DeadlineSweepH2Test {
    static final Path TEMPLATE = Path.of("src/test/resources/deadlines/dl-remind.bpmn");
    static final Instant T0 = Instant.parse("2030-03-01T08:00:00Z");
    static final Actor MANAGER = Actor.of("wang.manager", "fuel_manager");

    @Test
    void h2_a_task_overdue_is_reminded_once_and_stays_open() {
        remindsOnce("jdbc:h2:mem:deadline_h2_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", null);
    }

    @Test
    void h2_oracle_mode_a_task_overdue_is_reminded_once_and_stays_open() {
        remindsOnce("jdbc:h2:mem:deadline_ora_" + System.nanoTime()
                + ";MODE=Oracle;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "oracle");
    }

    @Test
    void h2_two_engines_sweeping_at_once_act_on_every_overdue_task_once() throws Exception {
        String url = "jdbc:h2:mem:deadline_h2_two_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        MutableClock clock = new MutableClock(T0);
        AtomicInteger heard = new AtomicInteger();
        ApprovalListener count = new ApprovalListener() {
            @Override
            public void onReminder(TaskView task, String message) {
                heard.incrementAndGet();
            }
        };
        try (ApprovalEngine a = ApprovalEngine.builder().dataSource(ds).clock(clock).nodeName("h2-a").sweepBatchSize(7).sweepInterval(Duration.ZERO).listener(count).build();
             ApprovalEngine b = ApprovalEngine.builder().dataSource(ds).clock(clock).nodeName("h2-b").sweepBatchSize(7).sweepInterval(Duration.ZERO).listener(count).build()) {
            a.deploy(TEMPLATE);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 1; round <= Integer.getInteger("deadline.race.rounds", 5); round++) {
                    heard.set(0);
                    for (int n = 0; n < 60; n++) {
                        a.start("dl-remind", "DL-H2-TWO-" + round + "-" + n, "zhang.clerk", Map.of());
                    }
                    Instant asOf = clock.advance(Duration.ofHours(5));
                    CyclicBarrier barrier = new CyclicBarrier(2);
                    Future<SweepResult> fa = pool.submit(() -> { barrier.await(30, TimeUnit.SECONDS); return a.sweep(asOf); });
                    Future<SweepResult> fb = pool.submit(() -> { barrier.await(30, TimeUnit.SECONDS); return b.sweep(asOf); });
                    SweepResult ra = fa.get(60, TimeUnit.SECONDS);
                    SweepResult rb = fb.get(60, TimeUnit.SECONDS);
                    System.err.println("[DeadlineSweepH2Test] H2 two engines round " + round + ": A claimed " + ra.claimed()
                            + " acted " + ra.acted() + ", B claimed " + rb.claimed() + " acted " + rb.acted());
                    SweepResult rest = a.sweep(asOf);
                    assertThat(ra.acted() + rb.acted()).as("round " + round + ": A " + ra + ", B " + rb + ", left " + rest).isEqualTo(60);
                    assertThat(rest).isEqualTo(new SweepResult(0, 0, List.of()));
                    assertThat(heard.get()).isEqualTo(60);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void remindsOnce(String url, String databaseId) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        MutableClock clock = new MutableClock(T0);
        List<String> reminded = Collections.synchronizedList(new ArrayList<>());
        ApprovalListener listener = new ApprovalListener() {
            @Override
            public void onReminder(TaskView task, String message) {
                reminded.add(task.id() + " " + task.status() + ": " + message);
            }

            @Override
            public void onEscalation(TaskView task, String message) {
                reminded.add("escalated " + task.id());
            }
        };
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).databaseId(databaseId).clock(clock)
                .nodeName("h2-sweeper").sweepBatchSize(2).sweepInterval(Duration.ZERO).listener(listener).build()) {
            engine.deploy(TEMPLATE);
            // three overdue tasks with a batch size of 2: the sweep takes two rounds
            List<InstanceView> started = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                started.add(engine.start("dl-remind", "DL-H2-" + n, "zhang.clerk", Map.of()));
            }
            List<Long> tasks = started.stream().map(i -> i.openTasks().get(0).id()).toList();
            assertThat(started).allSatisfy(i -> assertThat(i.openTasks().get(0).dueAt()).isEqualTo(T0.plus(Duration.ofHours(4))));

            assertThat(engine.sweep(T0.plus(Duration.ofHours(4)).minusSeconds(1))).isEqualTo(new SweepResult(0, 0, List.of()));
            assertThat(reminded).isEmpty();

            SweepResult r = engine.sweep(T0.plus(Duration.ofHours(5)));
            assertThat(r.claimed()).as(r.toString()).isEqualTo(3);
            assertThat(r.acted()).as(r.toString()).isEqualTo(3);
            assertThat(r.actions()).containsExactlyInAnyOrderElementsOf(
                    tasks.stream().map(t -> "task " + t + " at review: REMIND").toList());
            assertThat(reminded).containsExactlyInAnyOrderElementsOf(
                    tasks.stream().map(t -> t + " OPEN: task " + t + " at node review is overdue").toList());

            for (InstanceView i : started) {
                List<HistoryEntry> h = engine.history(i.id());
                assertThat(h.stream().filter(e -> e.action().equals("REMIND")).toList()).singleElement().satisfies(e -> {
                    assertThat(e.taskId()).isEqualTo(i.openTasks().get(0).id());
                    assertThat(e.rulesFired()).containsExactly("core: remind the acceptors of an overdue task");
                });
                InstanceView now = engine.instance(i.id());
                assertThat(now.status()).isEqualTo(InstanceStatus.RUNNING);
                assertThat(now.openTasks()).singleElement().satisfies(t -> {
                    assertThat(t.id()).isEqualTo(i.openTasks().get(0).id());
                    assertThat(t.dueAt()).isNull();
                });
            }

            assertThat(engine.sweep(T0.plus(Duration.ofDays(10)))).isEqualTo(new SweepResult(0, 0, List.of()));
            assertThat(reminded).hasSize(3);
            assertThat(engine.pendingTasks(MANAGER.user(), MANAGER.roles())).extracting(TaskView::id)
                    .containsExactlyInAnyOrderElementsOf(tasks);
        }
    }
}
