package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.SweepResult;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.cli.PlantflowCli;
import org.plantflow.approval.spi.ApprovalListener;
import org.plantflow.approval.testsupport.MutableClock;
import org.plantflow.approval.testsupport.TestPostgres;
import org.plantflow.approval.testsupport.TestRules;

/**
 * The deadline sweeper on a real PostgreSQL: due times from approval:deadline and from rules, the core
 * reminder, template rules that pass, return and escalate overdue tasks, an overdue vote that fails, re-armed
 * deadlines, two engines sweeping one database at once, and the {@code sweep} command. The engine's clock is a
 * {@link MutableClock} moved by hand; every test gets its own schema, so a sweep sees only that test's tasks.
 * Templates: src/test/resources/deadlines; their rules: src/test/resources/deadline-rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadlineSweepTest {
    static final Path TEMPLATES = Path.of("src/test/resources/deadlines");
    static final Instant T0 = Instant.parse("2030-03-01T08:00:00Z");

    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor MANAGER = Actor.of("wang.manager", "fuel_manager");
    static final Actor GM = Actor.of("chen.gm", "general_manager");

    static final String CORE_REMIND = "core: remind the acceptors of an overdue task";
    static final String CORE_DUE = "core: the task is due after the node's approval:deadline";
    static final String CORE_FAIL_VOTE = "core: an overdue vote fails (too few votes by the deadline)";

    /** What a listener was told. */
    record Call(String kind, TaskView task, String message) {
    }

    /** Records every reminder and escalation. */
    static final class RecordingListener implements ApprovalListener {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onReminder(TaskView task, String message) {
            calls.add(new Call("REMIND", task, message));
        }

        @Override
        public void onEscalation(TaskView task, String message) {
            calls.add(new Call("ESCALATE", task, message));
        }

        List<Call> of(String kind) {
            synchronized (calls) {
                return calls.stream().filter(c -> c.kind().equals(kind)).toList();
            }
        }
    }

    private final AtomicInteger keys = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path rulesDir;
    private MutableClock clock;
    private RecordingListener listener;
    private HikariDataSource pool;
    private ApprovalEngine engine;

    @BeforeAll
    void rules() {
        rulesDir = TestRules.shippedPlus(Path.of("src/test/resources/deadline-rules"));
    }

    /** A fresh schema, engine, clock and listener per test: a sweep sees this test's tasks only. */
    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        listener = new RecordingListener();
        pool = (HikariDataSource) TestPostgres.newSchemaDataSource("deadline");
        toClose.add(pool);
        engine = engine(pool, "sweeper-1", 100, listener);
        deployAll(engine);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    /** An engine without the automatic sweeper: these tests move the clock and call sweep() themselves. */
    ApprovalEngine engine(DataSource ds, String nodeName, int batchSize, ApprovalListener l) {
        return engine(ds, nodeName, batchSize, l, Duration.ZERO);
    }

    ApprovalEngine engine(DataSource ds, String nodeName, int batchSize, ApprovalListener l, Duration sweepInterval) {
        ApprovalEngine e = ApprovalEngine.builder().dataSource(ds).clock(clock).rulesDirectory(rulesDir)
                .nodeName(nodeName).sweepBatchSize(batchSize).listener(l).sweepInterval(sweepInterval).build();
        toClose.add(e);
        return e;
    }

    /** A second pool on this test's schema, as a second application node would have. */
    HikariDataSource secondPool() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("deadline-second-node");
        config.setJdbcUrl(TestPostgres.jdbcUrl());
        config.setUsername(TestPostgres.user());
        config.setPassword(TestPostgres.password());
        config.setSchema(pool.getSchema());
        config.setMaximumPoolSize(8);
        HikariDataSource pool2 = new HikariDataSource(config);
        toClose.add(pool2);
        return pool2;
    }

    /** Polls until the condition holds (the automatic sweeper runs on its own thread); fails after the timeout. */
    static void awaitUntil(String what, java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    static void deployAll(ApprovalEngine e) {
        try (var files = Files.list(TEMPLATES)) {
            for (Path f : files.sorted().toList()) {
                e.deploy(f);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String key() {
        return "DL-" + keys.incrementAndGet();
    }

    static TaskView at(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no open task at " + node + " in " + i.openTasks()));
    }

    static List<String> openNodes(InstanceView i) {
        return i.openTasks().stream().map(TaskView::nodeId).sorted().toList();
    }

    static HistoryEntry last(List<HistoryEntry> h) {
        return h.get(h.size() - 1);
    }

    List<HistoryEntry> rows(long instanceId, String action) {
        return engine.history(instanceId).stream().filter(h -> h.action().equals(action)).toList();
    }

    static SweepResult nothing() {
        return new SweepResult(0, 0, List.of());
    }

    // ------------------------------------------------------------------ due times

    @Test
    void a_task_is_due_after_its_nodes_approval_deadline() {
        InstanceView i = engine.start("dl-remind", key(), "zhang.clerk", Map.of());

        TaskView review = at(i, "review");
        assertThat(review.createdAt()).isEqualTo(T0);
        assertThat(review.dueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(engine.pendingTasks(MANAGER.user(), MANAGER.roles())).singleElement()
                .satisfies(t -> assertThat(t.dueAt()).isEqualTo(T0.plus(Duration.ofHours(4))));
        HistoryEntry start = engine.history(i.id()).get(0);
        assertThat(start.rulesFired()).contains(CORE_DUE);
        assertThat(start.decision()).contains("due in PT4H");
    }

    @Test
    void a_template_rule_giving_DueIn_wins_over_approval_deadline_and_sets_one_where_there_is_none() {
        InstanceView i = engine.start("dl-rule-due", key(), "zhang.clerk", Map.of());

        // review has approval:deadline="P2D", but the template rule answers first and the core rule stands back
        assertThat(at(i, "review").dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        HistoryEntry start = engine.history(i.id()).get(0);
        assertThat(start.rulesFired()).contains("dl-rule-due: a review is due in 30 minutes, whatever approval:deadline says")
                .doesNotContain(CORE_DUE);

        // check has no approval:deadline; the rule gives it one, counted from when it is offered
        clock.advance(Duration.ofMinutes(10));
        i = engine.pass(at(i, "review").id(), MANAGER, "ok");
        assertThat(at(i, "check").dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)).plus(Duration.ofHours(2)));
        assertThat(last(engine.history(i.id())).rulesFired()).contains("dl-rule-due: a check is due in 2 hours");
    }

    // ------------------------------------------------------------------ the core rule: remind once

    @Test
    void sweep_before_the_due_time_does_nothing_after_it_the_core_rule_reminds_once_and_the_task_stays_open() {
        InstanceView i = engine.start("dl-remind", key(), "zhang.clerk", Map.of());
        long task = at(i, "review").id();
        Instant due = T0.plus(Duration.ofHours(4));

        assertThat(engine.sweep(due.minusSeconds(1))).isEqualTo(nothing());
        assertThat(listener.calls).isEmpty();
        assertThat(rows(i.id(), "REMIND")).isEmpty();

        clock.set(due.plus(Duration.ofMinutes(5)));
        SweepResult r = engine.sweep(clock.instant());
        assertThat(r).isEqualTo(new SweepResult(1, 1, List.of("task " + task + " at review: REMIND")));

        HistoryEntry remind = last(engine.history(i.id()));
        assertThat(remind.action()).isEqualTo("REMIND");
        assertThat(remind.taskId()).isEqualTo(task);
        assertThat(remind.actor()).isEqualTo("engine");
        assertThat(remind.fromNode()).isEqualTo("review");
        assertThat(remind.comment()).isEqualTo("task " + task + " at node review is overdue");
        assertThat(remind.rulesFired()).containsExactly(CORE_REMIND);
        assertThat(remind.decision()).contains("deadline of task " + task + ": DeadlineAction(REMIND)");
        assertThat(remind.at()).isEqualTo(clock.instant());

        assertThat(listener.calls).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("REMIND");
            assertThat(c.task().id()).isEqualTo(task);
            assertThat(c.task().status()).isEqualTo(TaskStatus.OPEN);
            assertThat(c.task().candidates()).containsExactly("role:fuel_manager");
            assertThat(c.message()).isEqualTo("task " + task + " at node review is overdue");
        });

        i = engine.instance(i.id());
        assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(at(i, "review").id()).isEqualTo(task);
        assertThat(at(i, "review").dueAt()).as("a reminder without a next deadline disarms it").isNull();
        assertThat(engine.pendingTasks(MANAGER.user(), MANAGER.roles())).extracting(TaskView::id).containsExactly(task);

        // the next sweeps leave it alone
        assertThat(engine.sweep(due.plus(Duration.ofMinutes(6)))).isEqualTo(nothing());
        assertThat(engine.sweep(due.plus(Duration.ofDays(30)))).isEqualTo(nothing());
        assertThat(listener.calls).hasSize(1);
        assertThat(rows(i.id(), "REMIND")).hasSize(1);

        // and it can still be passed as usual
        assertThat(engine.pass(task, MANAGER, "late, but ok").status()).isEqualTo(InstanceStatus.COMPLETED);
    }

    // ------------------------------------------------------------------ template deadline rules

    /** A dl-actions instance whose review (due T0 + 1h) is overdue; the clock stands at T0 + 2h. */
    InstanceView overdueReview(String onDeadline) {
        InstanceView i = engine.start("dl-actions", key(), CLERK.user(), Map.of("onDeadline", onDeadline));
        i = engine.pass(at(i, "draft").id(), CLERK, "drafted");
        assertThat(at(i, "review").dueAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        clock.set(T0.plus(Duration.ofHours(2)));
        return i;
    }

    @Test
    void a_rule_answering_autoPass_passes_the_overdue_task_and_the_instance_moves_on() {
        InstanceView i = overdueReview("autoPass");
        long review = at(i, "review").id();

        assertThat(engine.sweep(clock.instant())).isEqualTo(new SweepResult(1, 1, List.of("task " + review + " at review: AUTO_PASS")));

        i = engine.instance(i.id());
        assertThat(openNodes(i)).containsExactly("sign");
        assertThat(at(i, "sign").candidates()).containsExactly("role:general_manager");
        HistoryEntry pass = rows(i.id(), "PASS").stream().filter(h -> review == (h.taskId() == null ? -1 : h.taskId()))
                .findFirst().orElseThrow();
        assertThat(pass.actor()).isEqualTo("engine");
        assertThat(pass.comment()).isEqualTo("deadline passed: passed by the engine");
        assertThat(pass.fromNode()).isEqualTo("review");
        assertThat(pass.toNodes()).containsExactly("sign");
        assertThat(pass.rulesFired()).contains("dl-actions: an overdue review is passed by the engine")
                .doesNotContain(CORE_REMIND);
        assertThat(listener.calls).as("only reminders and escalations reach the listener").isEmpty();
        assertThatThrownBy(() -> engine.pass(review, MANAGER, "too late")).isInstanceOf(TaskNotOpenException.class);
        assertThat(engine.sweep(clock.instant().plus(Duration.ofDays(1)))).isEqualTo(nothing());
    }

    @Test
    void a_rule_answering_autoReturn_returns_the_overdue_task_to_whoever_drafted_it() {
        InstanceView i = overdueReview("autoReturn");
        long review = at(i, "review").id();

        assertThat(engine.sweep(clock.instant())).isEqualTo(new SweepResult(1, 1, List.of("task " + review + " at review: AUTO_RETURN")));

        i = engine.instance(i.id());
        assertThat(openNodes(i)).containsExactly("draft");
        assertThat(at(i, "draft").candidates()).containsExactly("user:zhang.clerk");
        assertThat(at(i, "draft").dueAt()).isNull();
        HistoryEntry ret = last(engine.history(i.id()));
        assertThat(ret.action()).isEqualTo("RETURN");
        assertThat(ret.taskId()).isEqualTo(review);
        assertThat(ret.actor()).isEqualTo("engine");
        assertThat(ret.comment()).isEqualTo("deadline passed: returned by the engine");
        assertThat(ret.toNodes()).containsExactly("draft");
        assertThat(ret.rulesFired()).contains("dl-actions: an overdue review goes back to the draft");
        assertThat(listener.calls).isEmpty();
        assertThat(engine.pendingTasks(CLERK.user(), CLERK.roles())).extracting(TaskView::instanceId).containsExactly(i.id());
    }

    @Test
    void a_rule_answering_escalateToRole_offers_the_overdue_task_to_that_role_instead() {
        InstanceView i = overdueReview("escalateToRole");
        long review = at(i, "review").id();
        assertThat(engine.pendingTasks(GM.user(), GM.roles())).isEmpty();

        assertThat(engine.sweep(clock.instant())).isEqualTo(new SweepResult(1, 1, List.of("task " + review + " at review: ESCALATE")));

        i = engine.instance(i.id());
        assertThat(at(i, "review").id()).as("the same task stays open").isEqualTo(review);
        assertThat(at(i, "review").candidates()).containsExactly("role:general_manager");
        assertThat(engine.pendingTasks(GM.user(), GM.roles())).extracting(TaskView::id).containsExactly(review);
        assertThat(engine.pendingTasks(MANAGER.user(), MANAGER.roles())).isEmpty();

        HistoryEntry esc = last(engine.history(i.id()));
        assertThat(esc.action()).isEqualTo("ESCALATE");
        assertThat(esc.taskId()).isEqualTo(review);
        assertThat(esc.comment()).isEqualTo("deadline passed: escalated to role general_manager");
        assertThat(esc.rulesFired()).contains("dl-actions: an overdue review is escalated to the general managers");
        assertThat(esc.decision()).contains("task " + review + " offered to role:general_manager");

        assertThat(listener.calls).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("ESCALATE");
            assertThat(c.task().id()).isEqualTo(review);
            assertThat(c.task().candidates()).containsExactly("role:general_manager");
            assertThat(c.message()).isEqualTo("deadline passed: escalated to role general_manager");
        });

        // the manager lost it, the general manager acts on it
        assertThatThrownBy(() -> engine.pass(review, MANAGER, "mine?")).isInstanceOf(NotAuthorizedException.class);
        assertThat(openNodes(engine.pass(review, GM, "taken over"))).containsExactly("sign");
        assertThat(engine.sweep(clock.instant().plus(Duration.ofDays(1)))).isEqualTo(nothing());
    }

    @Test
    void a_rule_answering_escalateToUser_offers_the_overdue_task_to_that_user_instead() {
        InstanceView i = overdueReview("escalateToUser");
        long review = at(i, "review").id();

        assertThat(engine.sweep(clock.instant())).isEqualTo(new SweepResult(1, 1, List.of("task " + review + " at review: ESCALATE")));

        i = engine.instance(i.id());
        assertThat(at(i, "review").candidates()).containsExactly("user:chen.gm");
        assertThat(engine.pendingTasks("chen.gm", List.of())).extracting(TaskView::id).containsExactly(review);
        assertThat(engine.pendingTasks(MANAGER.user(), MANAGER.roles())).isEmpty();
        HistoryEntry esc = last(engine.history(i.id()));
        assertThat(esc.action()).isEqualTo("ESCALATE");
        assertThat(esc.rulesFired()).contains("dl-actions: an overdue review is escalated to chen.gm");
        assertThat(listener.of("ESCALATE")).singleElement().satisfies(c -> {
            assertThat(c.task().id()).isEqualTo(review);
            assertThat(c.task().candidates()).containsExactly("user:chen.gm");
            assertThat(c.message()).isEqualTo("deadline passed: escalated to user chen.gm");
        });
        assertThat(listener.of("REMIND")).isEmpty();
    }

    // ------------------------------------------------------------------ votes

    @Test
    void an_overdue_vote_fails_takes_the_fail_flow_and_cancels_the_open_votes() {
        InstanceView i = engine.start("dl-vote", key(), "someone", Map.of());
        List<TaskView> votes = i.openTasks();
        assertThat(votes).hasSize(3).allSatisfy(t -> assertThat(t.dueAt()).isEqualTo(T0.plus(Duration.ofDays(1))));
        clock.advance(Duration.ofHours(1));
        TaskView yes = votes.get(0);
        i = engine.pass(yes.id(), Actor.of(yes.candidates().get(0).substring("user:".length())), "yes");
        assertThat(i.openTasks()).hasSize(2);
        List<Long> open = i.openTasks().stream().map(TaskView::id).toList();

        clock.set(T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        SweepResult r = engine.sweep(clock.instant());

        // both open votes are overdue and claimed; the first fails the vote and cancels the second
        assertThat(r.claimed()).isEqualTo(2);
        assertThat(r.acted()).isEqualTo(1);
        assertThat(r.actions()).singleElement().asString().endsWith("at committee: FAIL_VOTE");
        i = engine.instance(i.id());
        assertThat(openNodes(i)).containsExactly("reject_batch");
        HistoryEntry failed = rows(i.id(), "FAIL_VOTE").get(0);
        assertThat(rows(i.id(), "FAIL_VOTE")).hasSize(1);
        assertThat(open).contains(failed.taskId());
        assertThat(failed.actor()).isEqualTo("engine");
        assertThat(failed.comment()).isEqualTo("deadline passed: the vote fails");
        assertThat(failed.rulesFired()).contains(CORE_FAIL_VOTE);
        assertThat(failed.toNodes()).containsExactly("reject_batch");
        assertThat(failed.decision()).contains("'committee' completes: fail (deadline)")
                .contains("cancelled open task(s) " + open);
        assertThat(listener.calls).isEmpty();
        for (long t : open) {
            assertThatThrownBy(() -> engine.pass(t, Actor.of("zhou.qc"), "yes, late"))
                    .isInstanceOf(TaskNotOpenException.class).hasMessageContaining("CANCELLED");
        }
        assertThat(engine.sweep(clock.instant().plus(Duration.ofDays(2)))).isEqualTo(nothing());
    }

    // ------------------------------------------------------------------ re-armed deadlines

    @Test
    void withNextDeadline_re_arms_the_deadline_and_a_later_sweep_reminds_again() {
        InstanceView i = overdueReview("remindEvery2h");
        long review = at(i, "review").id();
        Instant first = T0.plus(Duration.ofMinutes(90));

        assertThat(engine.sweep(first).acted()).isEqualTo(1);
        assertThat(at(engine.instance(i.id()), "review").dueAt()).isEqualTo(first.plus(Duration.ofHours(2)));
        assertThat(listener.calls).extracting(Call::message).containsExactly("review " + review + " is 30 min late");

        assertThat(engine.sweep(first.plus(Duration.ofMinutes(119)))).isEqualTo(nothing());
        assertThat(listener.calls).hasSize(1);

        SweepResult again = engine.sweep(first.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(15)));
        assertThat(again).isEqualTo(new SweepResult(1, 1, List.of("task " + review + " at review: REMIND")));
        assertThat(listener.calls).extracting(Call::message)
                .containsExactly("review " + review + " is 30 min late", "review " + review + " is 15 min late");
        assertThat(listener.calls).allSatisfy(c -> assertThat(c.task().id()).isEqualTo(review));
        List<HistoryEntry> reminders = rows(i.id(), "REMIND");
        assertThat(reminders).hasSize(2).allSatisfy(h -> {
            assertThat(h.taskId()).isEqualTo(review);
            assertThat(h.rulesFired()).contains("dl-actions: remind about an overdue review every 2 hours").doesNotContain(CORE_REMIND);
        });
        assertThat(at(engine.instance(i.id()), "review").dueAt())
                .isEqualTo(first.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(15)));
    }

    // ------------------------------------------------------------------ two engines, one database

    @Test
    void two_engines_sweeping_the_same_database_at_once_act_on_every_overdue_task_exactly_once() throws Exception {
        HikariDataSource pool2 = secondPool();

        RecordingListener heardA = new RecordingListener();
        RecordingListener heardB = new RecordingListener();
        ApprovalEngine a = engine(pool, "sweeper-a", 7, heardA);
        ApprovalEngine b = engine(pool2, "sweeper-b", 7, heardB);
        int perRound = 60;
        int rounds = Integer.getInteger("deadline.race.rounds", 5); // -Ddeadline.race.rounds=50 for a longer run
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> timings = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                heardA.calls.clear();
                heardB.calls.clear();
                Map<Long, Long> taskToInstance = new java.util.HashMap<>();
                for (int n = 0; n < perRound; n++) {
                    InstanceView i = a.start("dl-remind", key(), "zhang.clerk", Map.of());
                    taskToInstance.put(at(i, "review").id(), i.id());
                }
                Instant asOf = clock.advance(Duration.ofHours(5));

                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<long[]> fa = threads.submit(() -> timedSweep(a, barrier, asOf));
                Future<long[]> fb = threads.submit(() -> timedSweep(b, barrier, asOf));
                long[] ta = fa.get(60, TimeUnit.SECONDS);
                long[] tb = fb.get(60, TimeUnit.SECONDS);
                SweepResult ra = lastResults.remove(a);
                SweepResult rb = lastResults.remove(b);
                timings.add(String.format("round %d: A %d ms (claimed %d, acted %d), B %d ms (claimed %d, acted %d)",
                        round, ta[1] / 1_000_000, ra.claimed(), ra.acted(), tb[1] / 1_000_000, rb.claimed(), rb.acted()));

                String where = "round " + round + ": A " + ra + " / B " + rb;
                assertThat(ra.acted() + rb.acted()).as(where).isEqualTo(perRound);
                assertThat(ra.claimed() + rb.claimed()).as(where).isEqualTo(perRound);
                assertThat(heardA.calls.size() + heardB.calls.size()).as(where).isEqualTo(perRound);
                Set<Long> byA = heardA.calls.stream().map(c -> c.task().id()).collect(Collectors.toSet());
                Set<Long> byB = heardB.calls.stream().map(c -> c.task().id()).collect(Collectors.toSet());
                assertThat(byA).as(where).hasSize(heardA.calls.size()).doesNotContainAnyElementsOf(byB);
                Set<Long> all = new HashSet<>(byA);
                all.addAll(byB);
                assertThat(all).as(where).isEqualTo(taskToInstance.keySet());

                // exactly one REMIND row per task, whoever wrote it
                for (Map.Entry<Long, Long> e : taskToInstance.entrySet()) {
                    List<HistoryEntry> reminders = a.history(e.getValue()).stream()
                            .filter(h -> h.action().equals("REMIND")).toList();
                    assertThat(reminders).as(where + ", task " + e.getKey()).singleElement()
                            .satisfies(h -> assertThat(h.taskId()).isEqualTo(e.getKey()));
                }
                // nothing is left for either of them
                assertThat(a.sweep(asOf.plusSeconds(1))).isEqualTo(nothing());
                assertThat(b.sweep(asOf.plusSeconds(1))).isEqualTo(nothing());
            }
        } finally {
            threads.shutdownNow();
            timings.forEach(t -> System.err.println("[DeadlineSweepTest] two-engine race " + t));
        }
    }

    private final Map<ApprovalEngine, SweepResult> lastResults = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits for the other sweeper, sweeps; returns {start, duration} in nanos and keeps the result. */
    private long[] timedSweep(ApprovalEngine e, CyclicBarrier barrier, Instant asOf) throws Exception {
        barrier.await(30, TimeUnit.SECONDS);
        long start = System.nanoTime();
        lastResults.put(e, e.sweep(asOf));
        return new long[] {start, System.nanoTime() - start};
    }

    // ------------------------------------------------------------------ the engine's own sweeper

    @Test
    void an_overdue_task_is_acted_on_without_the_host_calling_sweep() throws Exception {
        RecordingListener heard = new RecordingListener();
        ApprovalEngine auto = engine(pool, "auto-sweeper", 100, heard, Duration.ofMillis(200));
        InstanceView i = auto.start("dl-remind", key(), "zhang.clerk", Map.of());
        long review = at(i, "review").id();

        Thread.sleep(700); // a few sweeps as of T0: nothing is due yet
        assertThat(rows(i.id(), "REMIND")).isEmpty();

        Instant overdue = clock.advance(Duration.ofHours(5));
        awaitUntil("a REMIND row for task " + review, () -> !rows(i.id(), "REMIND").isEmpty(), Duration.ofSeconds(20));
        Thread.sleep(700); // more sweeps: the task is not overdue any more, nothing is done twice

        assertThat(rows(i.id(), "REMIND")).singleElement().satisfies(h -> {
            assertThat(h.taskId()).isEqualTo(review);
            assertThat(h.at()).as("stamped by the engine's clock").isEqualTo(overdue);
            assertThat(h.rulesFired()).contains(CORE_REMIND);
        });
        assertThat(heard.calls).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("REMIND");
            assertThat(c.task().id()).isEqualTo(review);
        });
        assertThat(at(engine.instance(i.id()), "review").dueAt()).isNull();
    }

    @Test
    void two_engines_sweeping_by_themselves_act_on_every_overdue_task_exactly_once() throws Exception {
        RecordingListener heardA = new RecordingListener();
        RecordingListener heardB = new RecordingListener();
        engine(pool, "auto-a", 7, heardA, Duration.ofMillis(200));
        engine(secondPool(), "auto-b", 7, heardB, Duration.ofMillis(200));
        Map<Long, Long> taskToInstance = new java.util.HashMap<>();
        for (int n = 0; n < 40; n++) {
            InstanceView i = engine.start("dl-remind", key(), "zhang.clerk", Map.of()); // the test's engine does not sweep
            taskToInstance.put(at(i, "review").id(), i.id());
        }

        clock.advance(Duration.ofHours(5));
        awaitUntil("all 40 tasks reminded", () -> heardA.calls.size() + heardB.calls.size() >= 40, Duration.ofSeconds(30));
        Thread.sleep(1000); // several more sweeps of both engines

        assertThat(heardA.calls.size() + heardB.calls.size()).isEqualTo(40);
        Set<Long> byA = heardA.calls.stream().map(c -> c.task().id()).collect(Collectors.toSet());
        Set<Long> byB = heardB.calls.stream().map(c -> c.task().id()).collect(Collectors.toSet());
        assertThat(byA).hasSize(heardA.calls.size());
        assertThat(java.util.Collections.disjoint(byA, byB)).as("no task acted on by both: " + byA + " / " + byB).isTrue();
        assertThat(byB).hasSize(heardB.calls.size());
        Set<Long> all = new HashSet<>(byA);
        all.addAll(byB);
        assertThat(all).isEqualTo(taskToInstance.keySet());
        for (Map.Entry<Long, Long> e : taskToInstance.entrySet()) {
            assertThat(rows(e.getValue(), "REMIND")).as("task " + e.getKey()).singleElement()
                    .satisfies(h -> assertThat(h.taskId()).isEqualTo(e.getKey()));
        }
        System.err.println("[DeadlineSweepTest] automatic sweepers: A acted on " + byA.size() + ", B on " + byB.size());
    }

    @Test
    void close_stops_the_engines_sweeper_thread() {
        ApprovalEngine auto = engine(pool, "auto-close", 100, listener, Duration.ofMillis(200));
        assertThat(sweeperThreads("plantflow-sweeper-auto-close")).hasSize(1);

        auto.close();

        assertThat(sweeperThreads("plantflow-sweeper-auto-close")).as("alive after close()").isEmpty();
    }

    static List<String> sweeperThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }

    // ------------------------------------------------------------------ command line

    /** What one command printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\n"));
        }
    }

    static Run cli(String url, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--jdbc-url", url, "--db-user", "sa"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void the_sweep_command_prints_what_it_did_and_exits_0() {
        String url = "jdbc:h2:mem:deadline_cli_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        assertThat(cli(url, "deploy", TEMPLATES.resolve("dl-remind.bpmn").toString()).exit()).isZero();
        Run started = cli(url, "start", "--template", "dl-remind", "--business-key", "DL-CLI-1", "--initiator", "zhang.clerk");
        assertThat(started.exit()).as(started.err()).isZero();
        Run pending = cli(url, "pending", "--user", "wang.manager", "--roles", "fuel_manager", "--json");
        long task = Long.parseLong(pending.out().replaceAll("(?s).*?\"id\"\\s*:\\s*(\\d+).*", "$1"));

        Run swept = cli(url, "sweep", "--at", "2030-01-01T00:00:00Z");
        assertThat(swept.exit()).as(swept.err()).isZero();
        assertThat(swept.err()).isBlank();
        assertThat(swept.out().strip().split("\n"))
                .containsExactly("claimed 1 overdue task(s), acted on 1", "task " + task + " at review: REMIND");

        Run again = cli(url, "sweep", "--at", "2030-01-01T00:00:00Z");
        assertThat(again.exit()).isZero();
        assertThat(again.out().strip()).isEqualTo("claimed 0 overdue task(s), acted on 0");
    }

    @Test
    void the_sweep_command_refuses_a_bad_at_value_with_a_non_zero_exit_naming_the_value() {
        String url = "jdbc:h2:mem:deadline_cli_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Run r = cli(url, "sweep", "--at", "tomorrow");
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).isBlank();
        assertThat(r.errLines()).as(r.err()).first().asString().contains("--at").contains("'tomorrow'");
    }

    @Test
    void the_sweep_command_refuses_a_bad_at_value_with_one_error_line_and_exit_1() {
        String url = "jdbc:h2:mem:deadline_cli_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Run r = cli(url, "sweep", "--at", "tomorrow");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isBlank();
        assertThat(r.errLines()).as(r.err()).singleElement().asString()
                .startsWith("error: ").contains("--at").contains("'tomorrow'");
    }
}
