package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.testsupport.TestPostgres;
import org.plantflow.approval.testsupport.TestRules;

/**
 * Logic nodes on a real PostgreSQL: AND/OR splits and joins, countersign, or-sign and votes, returns inside
 * parallel regions, automatic nodes and business facts, each decided by rules in rules/ (plus test template
 * rules in src/test/resources/logic-rules).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogicNodesTest {
    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    static final Actor LEGAL = Actor.of("qin.legal", "legal");
    static final Actor LEGAL_HEAD = Actor.of("he.legal", "legal_head");
    static final Actor MANAGER = Actor.of("wang.manager", "fuel_manager");
    static final Actor GM = Actor.of("chen.gm", "general_manager");

    private final AtomicInteger keys = new AtomicInteger();
    private final AtomicBoolean printerBroken = new AtomicBoolean();
    private final List<String> printed = new ArrayList<>();
    private DataSource dataSource;
    private ApprovalEngine engine;

    @BeforeAll
    void setUp() throws Exception {
        dataSource = TestPostgres.newSchemaDataSource("logic");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/test/resources/host/host-schema.sql")));
        }
        engine = ApprovalEngine.builder().dataSource(dataSource)
                .rulesDirectory(TestRules.shippedPlus(Path.of("src/test/resources/logic-rules")))
                .mappersDirectory(Path.of("src/test/resources/host-mappers"))
                .action("printContract", ctx -> {
                    if (printerBroken.get()) {
                        try (Statement s = ctx.connection().createStatement()) {
                            s.execute("insert into host_supplier values (99, 'written by a failing action', 'X')");
                        }
                        throw new IllegalStateException("printer offline");
                    }
                    printed.add(ctx.businessKey());
                })
                .build();
        try (var files = Files.list(Path.of("src/test/resources/logic"))) {
            for (Path f : files.toList()) {
                engine.deploy(f);
            }
        }
    }

    @AfterAll
    void tearDown() {
        engine.close();
        ((HikariDataSource) dataSource).close();
    }

    String key() {
        return "LOGIC-" + keys.incrementAndGet();
    }

    static TaskView at(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no open task at " + node + " in " + i.openTasks()));
    }

    static List<String> openNodes(InstanceView i) {
        return i.openTasks().stream().map(TaskView::nodeId).sorted().toList();
    }

    // ------------------------------------------------------------------ AND-split / AND-join, countersign

    @Test
    void and_join_waits_for_every_branch_and_all_acceptors_before_the_countersign() {
        InstanceView i = engine.start("parallel-review", key(), CLERK.user(), Map.of());
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        assertThat(openNodes(i)).containsExactly("finance_review", "legal_review");

        i = engine.pass(at(i, "finance_review").id(), FINANCE, "budget ok");
        assertThat(openNodes(i)).containsExactly("legal_review");
        assertThat(i.waitingAt()).containsExactly("join");

        i = engine.pass(at(i, "legal_review").id(), LEGAL, null);
        assertThat(openNodes(i)).containsExactly("legal_signoff");
        assertThat(i.waitingAt()).containsExactly("join");

        i = engine.pass(at(i, "legal_signoff").id(), LEGAL_HEAD, null);
        assertThat(i.waitingAt()).isEmpty();
        assertThat(openNodes(i)).containsExactly("leaders", "leaders", "leaders");
        assertThat(i.openTasks()).extracting(t -> t.candidates().get(0))
                .containsExactlyInAnyOrder("user:li.leader", "user:wu.leader", "user:sun.leader");

        List<HistoryEntry> h = engine.history(i.id());
        HistoryEntry joined = h.get(h.size() - 1);
        assertThat(joined.rulesFired()).contains("core: an AND-join continues when every predecessor finished with all its acceptors");
        assertThat(joined.toNodes()).containsExactly("leaders");
        assertThat(h.get(h.size() - 3).decision()).contains("join 'join' waits (arrived [f6] of [f6, f7])");
    }

    @Test
    void countersign_completes_only_when_every_acceptor_passed() {
        InstanceView i = throughRegion();
        List<TaskView> leaders = i.openTasks();
        i = engine.pass(leaders.get(0).id(), voter(leaders.get(0)), "ok");
        assertThat(openNodes(i)).hasSize(2);
        i = engine.pass(leaders.get(1).id(), voter(leaders.get(1)), "ok");
        assertThat(openNodes(i)).hasSize(1);
        i = engine.pass(leaders.get(2).id(), voter(leaders.get(2)), "ok");
        assertThat(i.status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(engine.history(i.id()).get(engine.history(i.id()).size() - 2).rulesFired())
                .contains("core: countersign completes when every acceptor passed");
    }

    @Test
    void one_return_in_a_countersign_returns_the_node_and_cancels_the_other_acceptors() {
        InstanceView i = throughRegion();
        List<TaskView> leaders = i.openTasks();
        i = engine.pass(leaders.get(0).id(), voter(leaders.get(0)), "ok");
        i = engine.returnTask(leaders.get(1).id(), voter(leaders.get(1)), "supplier not acceptable");
        // back before the parallel region: the draft, offered to who drafted it
        assertThat(openNodes(i)).containsExactly("draft");
        assertThat(at(i, "draft").candidates()).containsExactly("user:zhang.clerk");
        assertThat(engine.history(i.id()).get(engine.history(i.id()).size() - 1).decision()).contains("cancelled open task(s)");
        // passing the draft re-runs the region
        i = engine.pass(at(i, "draft").id(), CLERK, "new supplier");
        assertThat(openNodes(i)).containsExactly("finance_review", "legal_review");
    }

    private InstanceView throughRegion() {
        InstanceView i = engine.start("parallel-review", key(), CLERK.user(), Map.of());
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        i = engine.pass(at(i, "finance_review").id(), FINANCE, null);
        i = engine.pass(at(i, "legal_review").id(), LEGAL, null);
        return engine.pass(at(i, "legal_signoff").id(), LEGAL_HEAD, null);
    }

    // ------------------------------------------------------------------ returns inside a parallel region

    @Test
    void returning_inside_a_parallel_region_to_before_the_split_cancels_the_sibling_branch_and_reruns_the_region() {
        InstanceView i = engine.start("parallel-review", key(), CLERK.user(), Map.of());
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        long legal = at(i, "legal_review").id();
        i = engine.returnTask(at(i, "finance_review").id(), FINANCE, "wrong price basis");
        assertThat(openNodes(i)).containsExactly("draft");
        assertThat(i.waitingAt()).isEmpty();
        assertThat(engine.pendingTasks(LEGAL.user(), LEGAL.roles())).extracting(TaskView::id).doesNotContain(legal);
        assertThat(engine.history(i.id()).get(2).decision()).contains("cancelled open task(s) [" + legal + "]");

        i = engine.pass(at(i, "draft").id(), CLERK, "fixed");
        assertThat(openNodes(i)).containsExactly("finance_review", "legal_review");
    }

    @Test
    void returning_within_a_branch_rewinds_only_that_branch() {
        InstanceView i = engine.start("parallel-review", key(), CLERK.user(), Map.of());
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        long finance = at(i, "finance_review").id();
        i = engine.pass(at(i, "legal_review").id(), LEGAL, null);
        i = engine.returnTask(at(i, "legal_signoff").id(), LEGAL_HEAD, "clause 7 missing");
        assertThat(openNodes(i)).containsExactly("finance_review", "legal_review");
        assertThat(at(i, "finance_review").id()).isEqualTo(finance);
        assertThat(at(i, "legal_review").candidates()).containsExactly("user:qin.legal");

        i = engine.pass(at(i, "legal_review").id(), LEGAL, "clause 7 added");
        i = engine.pass(at(i, "legal_signoff").id(), LEGAL_HEAD, null);
        i = engine.pass(finance, FINANCE, null);
        assertThat(openNodes(i)).containsExactly("leaders", "leaders", "leaders");
    }

    // ------------------------------------------------------------------ OR-split / OR-join

    @Test
    void or_split_takes_the_branch_a_rule_chose_and_the_default_flow_otherwise() {
        InstanceView big = engine.start("or-split", key(), CLERK.user(), Map.of("amount", 8_000_000));
        big = engine.pass(at(big, "draft").id(), CLERK, null);
        assertThat(openNodes(big)).containsExactly("general_manager");
        assertThat(engine.history(big.id()).get(1).rulesFired())
                .contains("or-split: contracts above 5 million go to the general manager");

        InstanceView small = engine.start("or-split", key(), CLERK.user(), Map.of("amount", 300_000));
        small = engine.pass(at(small, "draft").id(), CLERK, null);
        assertThat(openNodes(small)).containsExactly("manager");
        assertThat(engine.history(small.id()).get(1).rulesFired())
                .contains("core: an exclusive gateway takes its default flow when no rule chose a branch");

        big = engine.pass(at(big, "general_manager").id(), GM, null);
        assertThat(openNodes(big)).containsExactly("archive");
        big = engine.pass(at(big, "archive").id(), Actor.of("an.archivist", "archivist"), null);
        assertThat(big.status()).isEqualTo(InstanceStatus.COMPLETED);
    }

    @Test
    void or_split_with_no_matching_rule_and_no_default_is_refused_and_nothing_changes() {
        InstanceView i = engine.start("or-split-no-default", key(), CLERK.user(), Map.of("amount", 300_000));
        long draft = at(i, "draft").id();
        Map<String, Long> before = counts();
        assertThatThrownBy(() -> engine.pass(draft, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessageContaining("at node 'amount_check' goes next")
                .hasMessageContaining("no branch of the exclusive gateway was chosen and it has no default flow")
                .hasMessageContaining("rules fired: [core: a holder of a candidate role may act, core: a single-acceptor node completes on its pass, core: follow the single outgoing flow]");
        assertThat(counts()).isEqualTo(before);
        assertThat(engine.instance(i.id()).openTasks()).extracting(TaskView::id).containsExactly(draft);
    }

    @Test
    void or_split_with_two_branches_chosen_is_refused_naming_the_gateway_and_the_rule() {
        InstanceView i = engine.start("or-split-no-default", key(), CLERK.user(), Map.of("amount", 1));
        long draft = at(i, "draft").id();
        Map<String, Long> before = counts();
        assertThatThrownBy(() -> engine.pass(draft, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessageContaining("contradicting routes for instance " + i.id())
                .hasMessageContaining("at node 'amount_check'")
                .hasMessageContaining("no-default: contracts of exactly 1 go both ways (a contradiction on purpose)");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void an_or_join_after_a_parallel_split_continues_on_the_first_arrival_and_absorbs_the_later_one() {
        InstanceView i = engine.start("first-of-two", key(), "someone", Map.of());
        Actor checker = Actor.of("c1", "checker");
        i = engine.pass(at(i, "check_b").id(), checker, "b first");
        assertThat(openNodes(i)).containsExactly("check_a", "decide");
        i = engine.pass(at(i, "check_a").id(), checker, "a late");
        assertThat(openNodes(i)).containsExactly("decide");
        List<HistoryEntry> h = engine.history(i.id());
        assertThat(h).extracting(HistoryEntry::action).contains("ABSORBED");
        assertThat(h.stream().filter(e -> e.action().equals("ABSORBED")).findFirst().orElseThrow().decision())
                .isEqualTo("late arrival along f4 at 'first' absorbed: the join already continued for this split");
        i = engine.pass(at(i, "decide").id(), Actor.of("m", "manager"), null);
        assertThat(i.status()).isEqualTo(InstanceStatus.COMPLETED);
    }

    // ------------------------------------------------------------------ or-sign and votes

    @Test
    void or_sign_completes_on_the_first_pass_and_cancels_the_others() {
        InstanceView i = engine.start("orsign", key(), "someone", Map.of());
        assertThat(i.openTasks()).hasSize(3);
        TaskView b = i.openTasks().stream().filter(t -> t.candidates().contains("user:b.deputy")).findFirst().orElseThrow();
        i = engine.pass(b.id(), Actor.of("b.deputy"), null);
        assertThat(openNodes(i)).containsExactly("after");
        assertThat(engine.history(i.id()).get(1).decision()).contains("cancelled open task(s)");
    }

    @Test
    void a_two_of_three_vote_passes_on_the_second_yes_and_cancels_the_third() {
        InstanceView i = engine.start("committee-vote", key(), "someone", Map.of());
        i = engine.pass(at(i, "lab_check").id(), Actor.of("lab", "lab_technician"), "sulphur 1.2%");
        List<TaskView> votes = i.openTasks();
        assertThat(votes).hasSize(3);
        i = engine.pass(votes.get(0).id(), voter(votes.get(0)), "yes");
        assertThat(i.openTasks()).hasSize(2);
        i = engine.pass(votes.get(1).id(), voter(votes.get(1)), "yes");
        assertThat(openNodes(i)).containsExactly("accept_with_deduction");
        HistoryEntry second = engine.history(i.id()).get(3);
        assertThat(second.rulesFired()).contains("core: a vote passes once the yes votes reach the threshold",
                "core: follow the flow marked with the node's outcome");
        assertThat(second.decision()).contains("'committee' completes: pass (vote 2 yes, 1 open)")
                .contains("cancelled open task(s) [" + votes.get(2).id() + "]");
    }

    @Test
    void a_vote_fails_as_soon_as_the_threshold_is_out_of_reach() {
        InstanceView i = engine.start("committee-vote", key(), "someone", Map.of());
        i = engine.pass(at(i, "lab_check").id(), Actor.of("lab", "lab_technician"), null);
        List<TaskView> votes = i.openTasks();
        i = engine.returnTask(votes.get(0).id(), voter(votes.get(0)), "no: calorific value too low");
        assertThat(i.openTasks()).hasSize(2);
        i = engine.returnTask(votes.get(1).id(), voter(votes.get(1)), "no");
        assertThat(openNodes(i)).containsExactly("reject_batch");
        assertThat(engine.history(i.id()).get(3).rulesFired()).contains("core: a vote fails once the threshold is out of reach");
    }

    static Actor voter(TaskView t) {
        return Actor.of(t.candidates().get(0).substring("user:".length()));
    }

    // ------------------------------------------------------------------ automatic nodes

    @Test
    void an_automatic_node_runs_its_action_and_moves_on() {
        String bk = key();
        InstanceView i = engine.start("automatic", bk, "someone", Map.of());
        i = engine.pass(at(i, "approve").id(), MANAGER, null);
        assertThat(openNodes(i)).containsExactly("archive");
        assertThat(printed).contains(bk);
        assertThat(engine.history(i.id())).extracting(HistoryEntry::action).containsSubsequence("PASS", "AUTO");
    }

    @Test
    void a_failing_action_leaves_the_instance_at_its_node_and_a_retry_runs_it_again() throws Exception {
        String bk = key();
        InstanceView i = engine.start("automatic", bk, "someone", Map.of());
        printerBroken.set(true);
        try {
            i = engine.pass(at(i, "approve").id(), MANAGER, null);
        } finally {
            printerBroken.set(false);
        }
        assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(i.openTasks()).isEmpty();
        assertThat(i.failures()).containsExactly("print_contract: action 'printContract' failed: IllegalStateException: printer offline");
        HistoryEntry failed = engine.history(i.id()).stream().filter(h -> h.action().equals("ACTION_FAILED")).findFirst().orElseThrow();
        assertThat(failed.decision()).contains("printer offline");
        assertThat(count("select count(*) from host_supplier where id = 99")).as("the failed action's writes are undone").isZero();

        i = engine.retry(i.id());
        assertThat(i.failures()).isEmpty();
        assertThat(openNodes(i)).containsExactly("archive");
        assertThat(printed).contains(bk);
        assertThat(engine.history(i.id())).extracting(HistoryEntry::action).contains("RETRY", "AUTO");
    }

    // ------------------------------------------------------------------ business facts

    @Test
    void business_facts_from_the_hosts_tables_decide_the_branch() {
        assertThat(routeOf("HC-BIG-A")).isEqualTo("general_manager");
        assertThat(routeOf("HC-SMALL-A")).isEqualTo("manager");
        assertThat(routeOf("HC-SMALL-C")).isEqualTo("general_manager");
    }

    private String routeOf(String contract) {
        InstanceView i = engine.start("contract-facts", contract, CLERK.user(), Map.of());
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        return openNodes(i).get(0);
    }

    // ------------------------------------------------------------------ helpers

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, Long> counts() {
        try {
            Map<String, Long> m = new java.util.LinkedHashMap<>();
            for (String t : List.of("pf_instance", "pf_activation", "pf_task", "pf_task_candidate", "pf_history")) {
                m.put(t, count("select count(*) from " + t));
                if (!t.equals("pf_task_candidate") && !t.equals("pf_history")) {
                    m.put(t + ".version", count("select coalesce(sum(version), 0) from " + t));
                }
            }
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
