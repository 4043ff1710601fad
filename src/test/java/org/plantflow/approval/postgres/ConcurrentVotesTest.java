package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.plantflow.approval.TaskView;
import org.plantflow.approval.testsupport.TestPostgres;

/**
 * Votes and AND-joins under concurrency on a real PostgreSQL. Each mutating engine call locks its instance row
 * first, so concurrent acceptors of one vote, or the last tasks of two parallel branches, are applied one after
 * another: a vote's outcome is decided exactly once from every counted vote, a vote cast on a task the outcome
 * already cancelled is refused with {@link TaskNotOpenException} (also when it waited for the instance lock while the
 * deciding vote cancelled its task: the lock re-reads the task; see {@link VoteOnClosedTaskTest}), and an AND-join
 * continues exactly once.
 * Every call runs on its own thread with its own pooled connection, released together by a {@link CyclicBarrier}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentVotesTest {
    private static final int REPETITIONS = 30;
    private static final Actor LAB = Actor.of("lab", "lab_technician");
    private static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    private static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    private static final Actor LEGAL = Actor.of("qin.legal", "legal");
    private static final Actor LEGAL_HEAD = Actor.of("he.legal", "legal_head");
    /** "'committee' completes: pass (vote 2 yes, 1 open)", "... fail (vote 1 yes, 2 no, 0 open)" */
    private static final Pattern TALLY = Pattern.compile(
            "'committee' (completes: (pass|fail)|waits) \\(vote (\\d+) yes(?:, (\\d+) no)?, (\\d+) open\\)");

    private DataSource dataSource;
    private ApprovalEngine engine;
    private ExecutorService threads;
    private int keys;

    @BeforeAll
    void setUp() {
        dataSource = TestPostgres.newSchemaDataSource("votes");
        engine = ApprovalEngine.builder().dataSource(dataSource).build();
        engine.deploy(Path.of("src/test/resources/logic/committee-vote.bpmn"));
        engine.deploy(Path.of("src/test/resources/logic/parallel-review.bpmn"));
        threads = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    void tearDown() {
        threads.shutdownNow();
        engine.close();
        ((HikariDataSource) dataSource).close();
    }

    // ------------------------------------------------------------------ (a) three yes votes at once

    @Test
    void three_simultaneous_yes_votes_complete_the_vote_once_and_the_third_is_refused_as_a_conflict() throws Exception {
        Map<String, Integer> conflictKinds = new HashMap<>();
        for (int rep = 0; rep < REPETITIONS; rep++) {
            String as = "repetition " + rep;
            InstanceView i = atVote();
            List<TaskView> votes = i.openTasks();
            assertThat(votes).as(as).hasSize(3).allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("committee"));

            List<Object> outcomes = race(votes.stream().map(t -> vote(t, true)).toList());

            assertThat(outcomes).as(as + ": unexpected failures " + outcomes).allMatch(o -> o instanceof InstanceView || o instanceof ConflictException);
            assertThat(outcomes).as(as + ": successful votes").filteredOn(InstanceView.class::isInstance).hasSize(2);
            assertThat(outcomes).as(as + ": refused votes").filteredOn(ConflictException.class::isInstance).hasSize(1);
            outcomes.stream().filter(ConflictException.class::isInstance)
                    .forEach(e -> conflictKinds.merge(e.getClass().getSimpleName(), 1, Integer::sum));

            // the refused voter's task is the one cancelled when the outcome became certain; the others counted
            for (int v = 0; v < 3; v++) {
                TaskRow t = task(votes.get(v).id());
                if (outcomes.get(v) instanceof InstanceView) {
                    assertThat(t).as(as + ": counted vote").isEqualTo(new TaskRow("COMPLETED", "PASS", voter(votes.get(v)).user()));
                } else {
                    assertThat(t).as(as + ": refused vote").isEqualTo(new TaskRow("CANCELLED", "CANCELLED", null));
                    assertRefusedAsNotOpen(outcomes.get(v), votes.get(v), i.id(), as);
                }
            }
            long id = i.id();
            assertThat(strings("select status || ':' || coalesce(outcome, '') from pf_activation where instance_id = ? and node_id = 'committee'", id))
                    .as(as + ": one outcome of the vote node").containsExactly("COMPLETED:PASS");
            assertThat(strings("select node_id from pf_task where instance_id = ? and status = 'OPEN'", id))
                    .as(as + ": open tasks").containsExactly("accept_with_deduction");
            assertThat(count("select count(*) from pf_task where instance_id = ? and node_id in ('accept_with_deduction', 'reject_batch')", id))
                    .as(as + ": tasks after the vote").isEqualTo(1);
            assertThat(count("select count(*) from pf_history where instance_id = ? and from_node = 'committee' and action = 'PASS'", id))
                    .as(as + ": PASS rows of the vote").isEqualTo(2);
            assertThat(count("select count(*) from pf_history where instance_id = ? and from_node = 'committee'", id))
                    .as(as + ": history rows of the vote").isEqualTo(2);
            List<String> decisions = strings("select decision from pf_history where instance_id = ? and from_node = 'committee' order by id", id);
            assertThat(decisions.get(0)).as(as).contains("'committee' waits (vote 1 yes, 2 open)");
            assertThat(decisions.get(1)).as(as).contains("'committee' completes: pass (vote 2 yes, 1 open)").contains("cancelled open task(s)");
            assertThat(engine.instance(id).openTasks()).extracting(TaskView::nodeId).containsExactly("accept_with_deduction");
        }
        System.out.println("[ConcurrentVotesTest] three yes votes: conflicts by kind " + conflictKinds);
        // a third vote that waited for the instance lock while the second cancelled its task sees it cancelled
        // (the lock re-reads the task): never the version check's "reload and try again"
        assertThat(conflictKinds).as("conflicts by kind").containsOnlyKeys("TaskNotOpenException");
    }

    /** The README's promise: a vote cast on a task the outcome already cancelled gets TaskNotOpenException. */
    private static void assertRefusedAsNotOpen(Object outcome, TaskView vote, long instanceId, String as) {
        assertThat(outcome).as(as + ": refused vote").isInstanceOfSatisfying(TaskNotOpenException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("task " + vote.id() + " at node 'committee' of instance " + instanceId
                    + " is already CANCELLED; nothing was changed: reload the pending list");
            assertThat(e.taskId()).isEqualTo(vote.id());
        });
    }

    // ------------------------------------------------------------------ (b) mixed votes at once

    @Test
    void simultaneous_yes_no_no_votes_always_fail_the_vote_once_with_a_tally_matching_the_stored_votes() throws Exception {
        Map<String, Integer> shapes = mixedVotes(List.of(true, false, false));
        System.out.println("[ConcurrentVotesTest] yes/no/no: " + shapes);
    }

    @Test
    void simultaneous_yes_yes_no_votes_always_pass_the_vote_once_with_a_tally_matching_the_stored_votes() throws Exception {
        Map<String, Integer> shapes = mixedVotes(List.of(true, true, false));
        System.out.println("[ConcurrentVotesTest] yes/yes/no: " + shapes);
    }

    /** @return how often each final tally occurred (for the report) */
    private Map<String, Integer> mixedVotes(List<Boolean> yes) throws Exception {
        Map<String, Integer> shapes = new LinkedHashMap<>();
        for (int rep = 0; rep < REPETITIONS; rep++) {
            String as = "repetition " + rep + " of " + yes;
            InstanceView i = atVote();
            List<TaskView> votes = i.openTasks();
            assertThat(votes).as(as).hasSize(3);
            List<Callable<Object>> calls = new ArrayList<>();
            for (int v = 0; v < 3; v++) {
                calls.add(vote(votes.get(v), yes.get(v)));
            }
            List<Object> outcomes = race(calls);
            assertThat(outcomes).as(as + ": unexpected failures " + outcomes).allMatch(o -> o instanceof InstanceView || o instanceof ConflictException);
            long id = i.id();

            // never a lost vote: a successful call's vote is stored as cast, a refused call's task was cancelled
            int storedYes = 0;
            int storedNo = 0;
            int cancelled = 0;
            for (int v = 0; v < 3; v++) {
                TaskRow t = task(votes.get(v).id());
                if (outcomes.get(v) instanceof InstanceView) {
                    assertThat(t).as(as + ": counted vote " + v)
                            .isEqualTo(new TaskRow("COMPLETED", yes.get(v) ? "PASS" : "NO", voter(votes.get(v)).user()));
                } else {
                    assertThat(t).as(as + ": refused vote " + v + " (" + outcomes.get(v) + ")")
                            .isEqualTo(new TaskRow("CANCELLED", "CANCELLED", null));
                    assertRefusedAsNotOpen(outcomes.get(v), votes.get(v), id, as);
                }
                switch (t.outcome()) {
                    case "PASS" -> storedYes++;
                    case "NO" -> storedNo++;
                    default -> cancelled++;
                }
            }

            // never two outcomes
            List<String> activation = strings("select status || ':' || coalesce(outcome, '') from pf_activation where instance_id = ? and node_id = 'committee'", id);
            assertThat(activation).as(as + ": one outcome of the vote node").hasSize(1);
            List<String> completing = strings("select decision from pf_history where instance_id = ? and decision like '%''committee'' completes:%'", id);
            assertThat(completing).as(as + ": history rows completing the vote").hasSize(1);

            // the tally the outcome was decided on is exactly the stored votes
            Matcher m = TALLY.matcher(completing.get(0));
            assertThat(m.find()).as(as + ": tally in " + completing.get(0)).isTrue();
            String outcome = m.group(2);
            int tallyYes = Integer.parseInt(m.group(3));
            int tallyNo = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int tallyOpen = Integer.parseInt(m.group(5));
            assertThat(List.of(tallyYes, tallyNo, tallyOpen)).as(as + ": tally (yes, no, open) vs stored votes, " + completing.get(0))
                    .containsExactly(storedYes, storedNo, cancelled);
            String expected = storedYes >= 2 ? "pass" : "fail"; // threshold 2/3 of 3 acceptors
            assertThat(outcome).as(as + ": outcome for " + storedYes + " yes").isEqualTo(expected);
            assertThat(activation).as(as).containsExactly("COMPLETED:" + expected.toUpperCase());
            long expectedYes = yes.stream().filter(b -> b).count();
            assertThat(expected).as(as + ": the outcome the cast votes force").isEqualTo(expectedYes >= 2 ? "pass" : "fail");

            // the calls were applied one after another, each seeing every vote before it
            List<String> rows = strings("select decision from pf_history where instance_id = ? and from_node = 'committee' order by id", id);
            long successes = outcomes.stream().filter(InstanceView.class::isInstance).count();
            assertThat(rows).as(as + ": one history row per counted vote").hasSize((int) successes);
            for (int k = 0; k < rows.size(); k++) {
                Matcher r = TALLY.matcher(rows.get(k));
                assertThat(r.find()).as(as + ": tally in " + rows.get(k)).isTrue();
                int seen = Integer.parseInt(r.group(3)) + (r.group(4) == null ? 0 : Integer.parseInt(r.group(4)));
                assertThat(seen).as(as + ": votes counted by call " + (k + 1) + ": " + rows.get(k)).isEqualTo(k + 1);
                assertThat(r.group(1).startsWith("completes")).as(as + ": only the last counted vote completes: " + rows)
                        .isEqualTo(k == rows.size() - 1);
            }
            assertThat(count("select count(*) from pf_history where instance_id = ? and from_node = 'committee' and action = 'PASS'", id))
                    .as(as).isEqualTo(storedYes);
            assertThat(count("select count(*) from pf_history where instance_id = ? and from_node = 'committee' and action = 'RETURN'", id))
                    .as(as).isEqualTo(storedNo);
            assertThat(strings("select node_id from pf_task where instance_id = ? and status = 'OPEN'", id)).as(as + ": open tasks")
                    .containsExactly("pass".equals(expected) ? "accept_with_deduction" : "reject_batch");
            shapes.merge(outcome + " " + storedYes + " yes/" + storedNo + " no/" + cancelled + " cancelled", 1, Integer::sum);
        }
        return shapes;
    }

    // ------------------------------------------------------------------ (c) both branches into an AND-join at once

    @Test
    void the_last_tasks_of_two_parallel_branches_passed_at_once_continue_the_and_join_exactly_once() throws Exception {
        Map<String, Integer> conflictKinds = new HashMap<>();
        for (int rep = 0; rep < REPETITIONS; rep++) {
            String as = "repetition " + rep;
            InstanceView i = engine.start("parallel-review", "PAR-RACE-" + (++keys), CLERK.user(), Map.of());
            i = engine.pass(at(i, "draft").id(), CLERK, null);
            i = engine.pass(at(i, "legal_review").id(), LEGAL, null);
            long finance = at(i, "finance_review").id();
            long signoff = at(i, "legal_signoff").id();

            List<Object> outcomes = race(List.of(
                    () -> engine.pass(finance, FINANCE, "budget ok"),
                    () -> engine.pass(signoff, LEGAL_HEAD, "signed")));
            outcomes.stream().filter(ConflictException.class::isInstance)
                    .forEach(e -> conflictKinds.merge(e.getClass().getSimpleName() + ": " + ((Exception) e).getMessage(), 1, Integer::sum));
            // different tasks, serialized by the instance lock: neither call should lose
            assertThat(outcomes).as(as + ": both passes succeed, got " + outcomes).allMatch(InstanceView.class::isInstance);

            long id = i.id();
            assertThat(count("select count(*) from pf_task where instance_id = ? and node_id = 'leaders'", id))
                    .as(as + ": countersign tasks created").isEqualTo(3);
            assertThat(strings("select node_id from pf_task where instance_id = ? and status = 'OPEN'", id))
                    .as(as + ": open tasks").containsExactly("leaders", "leaders", "leaders");
            assertThat(strings("select status from pf_activation where instance_id = ? and node_id = 'join'", id))
                    .as(as + ": join activations").containsExactly("COMPLETED");
            assertThat(count("select count(*) from pf_activation where instance_id = ? and node_id = 'leaders'", id))
                    .as(as + ": countersign activations").isEqualTo(1);
            assertThat(strings("select decision from pf_history where instance_id = ? and decision like '%join ''join''%' order by id", id))
                    .as(as + ": join decisions").hasSize(2)
                    .satisfies(d -> assertThat(d.get(0)).contains("join 'join' waits"))
                    .satisfies(d -> assertThat(d.get(1)).contains("join 'join' continues"));
            InstanceView after = engine.instance(id);
            assertThat(after.waitingAt()).as(as).isEmpty();
            assertThat(after.openTasks()).as(as).hasSize(3);
        }
        assertThat(conflictKinds).as("conflicts between the two branches").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a committee vote and passes the lab check: three open vote tasks. */
    private InstanceView atVote() {
        InstanceView i = engine.start("committee-vote", "VOTE-RACE-" + (++keys), "someone", Map.of());
        return engine.pass(at(i, "lab_check").id(), LAB, "sulphur 1.2%");
    }

    private Callable<Object> vote(TaskView t, boolean yes) {
        Actor voter = voter(t);
        return yes ? () -> engine.pass(t.id(), voter, "yes") : () -> engine.returnTask(t.id(), voter, "no");
    }

    /**
     * Runs the calls at the same moment, each on its own thread (and so its own pooled connection).
     * @return per call, in order: its result, or the exception it threw
     */
    private List<Object> race(List<Callable<Object>> calls) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(calls.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> call : calls) {
            futures.add(threads.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                try {
                    return call.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    static Actor voter(TaskView t) {
        return Actor.of(t.candidates().get(0).substring("user:".length()));
    }

    static TaskView at(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no open task at " + node + " in " + i.openTasks()));
    }

    record TaskRow(String status, String outcome, String completedBy) {
    }

    private TaskRow task(long id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select status, outcome, completed_by from pf_task where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("task " + id).isTrue();
                return new TaskRow(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    private long count(String sql, long id) throws Exception {
        List<String> r = strings(sql, id);
        return Long.parseLong(r.get(0));
    }

    private List<String> strings(String sql, long id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
