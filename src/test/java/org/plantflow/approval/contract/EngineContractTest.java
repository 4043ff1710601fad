package org.plantflow.approval.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.IllegalOperationException;
import org.plantflow.approval.InstanceAlreadyRunningException;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.TemplateInvalidException;
import org.plantflow.approval.ValidationProblem;

/**
 * The database contract: written once, run on every database by a subclass (H2 in PostgreSQL mode, H2 in
 * Oracle mode with the Oracle scripts and mapper variants, and a real PostgreSQL). One engine per class;
 * every test uses its own business keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineContractTest {
    static final Path TEMPLATES = Path.of("src/test/resources/templates");
    static final Path FUEL = Path.of("src/test/resources/templates/linear-contract.bpmn");
    static final String KEY = "linear-contract";

    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor CLERK_2 = Actor.of("li.clerk", "fuel_clerk");
    static final Actor FUEL_MANAGER = Actor.of("wang.manager", "fuel_manager");
    static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    static final Actor GM = Actor.of("chen.gm", "general_manager");

    private final AtomicInteger keys = new AtomicInteger();
    protected DataSource dataSource;
    protected ApprovalEngine engine;

    /** A fresh, empty database for this class. */
    protected abstract DataSource createDataSource();

    /** Forced databaseId, or null to let the engine detect it. */
    protected String databaseId() {
        return null;
    }

    @BeforeAll
    void startEngine() {
        dataSource = createDataSource();
        engine = ApprovalEngine.builder().dataSource(dataSource).databaseId(databaseId()).build();
        engine.deploy(FUEL);
    }

    @AfterAll
    void stopEngine() throws Exception {
        engine.close();
        if (dataSource instanceof AutoCloseable c) {
            c.close();
        }
    }

    String newBusinessKey() {
        return "FPC-" + getClass().getSimpleName() + "-" + keys.incrementAndGet();
    }

    InstanceView startContract() {
        return engine.start(KEY, newBusinessKey(), CLERK.user(), Map.of("amount", 3_000_000, "supplier", "Shenhua"));
    }

    static long onlyTask(InstanceView i) {
        assertThat(i.openTasks()).hasSize(1);
        return i.openTasks().get(0).id();
    }

    static String nodeOf(InstanceView i) {
        assertThat(i.openTasks()).hasSize(1);
        return i.openTasks().get(0).nodeId();
    }

    // ------------------------------------------------------------------ templates

    @Test
    void deploying_identical_content_again_is_a_no_op() {
        DeployedTemplate again = engine.deploy(FUEL);
        assertThat(again.created()).isFalse();
        assertThat(again.key()).isEqualTo(KEY);
        assertThat(again.version()).isEqualTo(1);
    }

    @Test
    void changed_template_gets_a_new_version_and_running_instances_keep_theirs() {
        DeployedTemplate v1 = engine.deploy(TEMPLATES.resolve("versioned-v1.bpmn"));
        InstanceView onV1 = engine.start("versioned", newBusinessKey(), CLERK.user(), Map.of());
        DeployedTemplate v2 = engine.deploy(TEMPLATES.resolve("versioned-v2.bpmn"));
        assertThat(v2.version()).isEqualTo(v1.version() + 1);
        assertThat(v2.created()).isTrue();

        InstanceView onV2 = engine.start("versioned", newBusinessKey(), CLERK.user(), Map.of());
        assertThat(onV1.templateVersion()).isEqualTo(v1.version());
        assertThat(onV2.templateVersion()).isEqualTo(v2.version());
        // v1 has draft -> end; v2 has draft -> general_manager_approval
        assertThat(engine.pass(onlyTask(onV1), CLERK, "done").status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(nodeOf(engine.pass(onlyTask(onV2), CLERK, "done"))).isEqualTo("general_manager_approval");
    }

    @Test
    void an_invalid_template_is_refused_with_every_problem_and_nothing_is_stored() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.deploy(TEMPLATES.resolve("broken-structure.bpmn")))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems())
                        .extracting(ValidationProblem::code)
                        .containsExactlyInAnyOrder("DUPLICATE_ID", "NO_START", "NO_END", "DANGLING_FLOW", "DANGLING_FLOW",
                                "BAD_DEADLINE"));
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_template_with_a_doctype_is_refused_and_nothing_is_stored() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.deploy(TEMPLATES.resolve("doctype-external-entity.bpmn")))
                .isInstanceOf(TemplateInvalidException.class)
                .hasMessageContaining("doctype-external-entity.bpmn: DOCTYPE_NOT_ALLOWED")
                .hasMessageNotContaining("root:");
        assertThat(rowCounts()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ start

    @Test
    void start_offers_the_first_task_to_the_roles_of_its_node() {
        InstanceView i = startContract();
        assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(i.templateVersion()).isEqualTo(1);
        assertThat(i.variables()).containsEntry("supplier", "Shenhua");
        TaskView t = i.openTasks().get(0);
        assertThat(t.nodeId()).isEqualTo("draft");
        assertThat(t.candidates()).containsExactly("role:fuel_clerk");
        List<HistoryEntry> h = engine.history(i.id());
        assertThat(h).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("START");
            assertThat(e.actor()).isEqualTo(CLERK.user());
            assertThat(e.fromNode()).isEqualTo("start");
            assertThat(e.toNodes()).containsExactly("draft");
            assertThat(e.rulesFired()).containsExactly("core: follow the single outgoing flow",
                    "core: offer the task to the node's approval:roles", "core: the task is due after the node's approval:deadline");
        });
    }

    @Test
    void only_one_instance_per_template_and_business_key_runs_at_a_time() {
        String bk = newBusinessKey();
        InstanceView first = engine.start(KEY, bk, CLERK.user(), Map.of());
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.start(KEY, bk, CLERK.user(), Map.of()))
                .isInstanceOf(InstanceAlreadyRunningException.class)
                .hasMessage("instance " + first.id() + " of template '" + KEY + "' for business key '" + bk
                        + "' is still running (started by zhang.clerk); finish it before starting another for the same business key");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_business_key_can_start_again_once_its_instance_completed() {
        String bk = newBusinessKey();
        InstanceView i = engine.start(KEY, bk, CLERK.user(), Map.of());
        i = engine.pass(onlyTask(i), CLERK, null);
        i = engine.pass(onlyTask(i), FUEL_MANAGER, null);
        i = engine.pass(onlyTask(i), FINANCE, null);
        i = engine.pass(onlyTask(i), GM, null);
        assertThat(i.status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(engine.start(KEY, bk, CLERK.user(), Map.of()).status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void starting_an_unknown_template_is_refused() {
        assertThatThrownBy(() -> engine.start("no-such-template", newBusinessKey(), CLERK.user(), Map.of()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("no template with key 'no-such-template' is deployed");
    }

    // ------------------------------------------------------------------ pass

    @Test
    void passing_every_node_completes_the_instance_with_a_full_history() {
        InstanceView i = startContract();
        i = engine.pass(onlyTask(i), CLERK, "drafted");
        assertThat(nodeOf(i)).isEqualTo("fuel_manager_review");
        i = engine.pass(onlyTask(i), FUEL_MANAGER, "price ok");
        i = engine.pass(onlyTask(i), FINANCE, "budget ok");
        i = engine.pass(onlyTask(i), GM, "approved");
        assertThat(i.status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(i.endedAt()).isNotNull();
        assertThat(i.openTasks()).isEmpty();

        List<HistoryEntry> h = engine.history(i.id());
        assertThat(h).extracting(HistoryEntry::action).containsExactly("START", "PASS", "PASS", "PASS", "PASS", "END");
        assertThat(h).extracting(HistoryEntry::actor)
                .containsExactly("zhang.clerk", "zhang.clerk", "wang.manager", "zhao.finance", "chen.gm", "engine");
        assertThat(h.get(2).fromNode()).isEqualTo("fuel_manager_review");
        assertThat(h.get(2).toNodes()).containsExactly("finance_review");
        assertThat(h.get(2).comment()).isEqualTo("price ok");
        assertThat(h.get(2).rulesFired()).containsExactly("core: a holder of a candidate role may act",
                "core: a single-acceptor node completes on its pass", "core: follow the single outgoing flow",
                "core: offer the task to the node's approval:roles", "core: the task is due after the node's approval:deadline");
        assertThat(h.get(4).toNodes()).containsExactly("end");
    }

    @Test
    void a_user_without_the_role_is_refused_and_nothing_changes() {
        InstanceView i = engine.pass(onlyTask(startContract()), CLERK, null);
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, FINANCE, "not mine"))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> {
                    assertThat(e.taskId()).isEqualTo(task);
                    assertThat(e.user()).isEqualTo("zhao.finance");
                })
                .hasMessage("user 'zhao.finance' with roles [finance] may not pass task " + task
                        + " at node 'fuel_manager_review' (Fuel manager review) of instance " + i.id() + " (" + KEY
                        + " v1, business key " + i.businessKey() + "): the task is offered to [role:fuel_manager] (rules fired: [])");
        assertThatThrownBy(() -> engine.returnTask(task, FINANCE, "not mine"))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(engine.instance(i.id())).isEqualTo(i);
    }

    @Test
    void an_unknown_task_id_is_refused_and_nothing_changes() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(987_654_321L, GM, null))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("task 987654321 does not exist; list the open tasks with pendingTasks (plantflow pending --user U)");
        assertThatThrownBy(() -> engine.returnTask(987_654_321L, GM, null)).isInstanceOf(NotFoundException.class);
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void passing_a_task_twice_is_refused_as_a_conflict() {
        InstanceView i = startContract();
        long task = onlyTask(i);
        engine.pass(task, CLERK, null);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, CLERK, null))
                .isInstanceOf(TaskNotOpenException.class)
                .hasMessage("task " + task + " at node 'draft' of instance " + i.id()
                        + " is already COMPLETED by zhang.clerk; nothing was changed: reload the pending list");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_node_the_rules_cannot_route_refuses_the_pass_naming_instance_node_and_version() {
        engine.deploy(TEMPLATES.resolve("two-outgoing-no-gateway.bpmn"));
        InstanceView i = engine.start("forked", newBusinessKey(), "someone", Map.of());
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, Actor.of("rev", "reviewer"), null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                        .containsExactly("core: a holder of a candidate role may act", "core: a single-acceptor node completes on its pass"))
                .hasMessage("no rule decided where instance " + i.id() + " (forked v1, business key " + i.businessKey()
                        + ") at node 'review' (Review) goes next on outcome pass; add a rule that inserts a Route for this node,"
                        + " or give it exactly one outgoing flow (rules fired: [core: a holder of a candidate role may act,"
                        + " core: a single-acceptor node completes on its pass])");
        assertThat(rowCounts()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ return

    @Test
    void return_goes_back_to_the_previous_manual_node_and_to_whoever_did_it() {
        InstanceView i = startContract();
        i = engine.pass(onlyTask(i), CLERK, "drafted");
        i = engine.pass(onlyTask(i), FUEL_MANAGER, "ok");
        i = engine.returnTask(onlyTask(i), FINANCE, "price too high");
        TaskView back = i.openTasks().get(0);
        assertThat(back.nodeId()).isEqualTo("fuel_manager_review");
        assertThat(back.candidates()).containsExactly("user:wang.manager");

        HistoryEntry ret = engine.history(i.id()).get(3);
        assertThat(ret.action()).isEqualTo("RETURN");
        assertThat(ret.fromNode()).isEqualTo("finance_review");
        assertThat(ret.toNodes()).containsExactly("fuel_manager_review");
        assertThat(ret.comment()).isEqualTo("price too high");
        assertThat(ret.rulesFired()).containsExactly("core: a holder of a candidate role may act",
                "core: return to the previous manual node on the path taken",
                "core: a returned task goes back to whoever completed the node before",
                "core: the task is due after the node's approval:deadline");

        // another fuel manager may not take it; the one who did it may, and the flow goes on
        long t = back.id();
        assertThatThrownBy(() -> engine.pass(t, Actor.of("other.manager", "fuel_manager"), null))
                .isInstanceOf(NotAuthorizedException.class);
        i = engine.pass(t, FUEL_MANAGER, "price renegotiated");
        assertThat(nodeOf(i)).isEqualTo("finance_review");
    }

    @Test
    void return_to_a_chosen_earlier_node_on_the_path_taken() {
        InstanceView i = startContract();
        i = engine.pass(onlyTask(i), CLERK, null);
        i = engine.pass(onlyTask(i), FUEL_MANAGER, null);
        i = engine.pass(onlyTask(i), FINANCE, null);
        i = engine.returnTask(onlyTask(i), GM, "redo the contract", "draft");
        assertThat(nodeOf(i)).isEqualTo("draft");
        assertThat(i.openTasks().get(0).candidates()).containsExactly("user:zhang.clerk");
        // the path is cut back: returning from the redrafted contract has nothing before it
        long redraft = onlyTask(i);
        assertThatThrownBy(() -> engine.returnTask(redraft, CLERK, null))
                .isInstanceOf(IllegalOperationException.class)
                .hasMessageContaining("it is the first manual node, there is no earlier node to return to");
        i = engine.pass(redraft, CLERK, "redrafted");
        assertThat(nodeOf(i)).isEqualTo("fuel_manager_review");
    }

    @Test
    void return_to_a_node_not_on_the_path_is_refused_and_nothing_changes() {
        InstanceView i = startContract();
        i = engine.pass(onlyTask(i), CLERK, null);
        i = engine.pass(onlyTask(i), FUEL_MANAGER, null);
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.returnTask(task, FINANCE, null, "general_manager_approval"))
                .isInstanceOf(IllegalOperationException.class)
                .hasMessageContaining("to node 'general_manager_approval': it is not a manual node on the path taken "
                        + "to this task (path, newest first: fuel_manager_review <- draft); choose one of [fuel_manager_review, draft]");
        assertThatThrownBy(() -> engine.returnTask(task, FINANCE, null, "start"))
                .isInstanceOf(IllegalOperationException.class);
        assertThat(rowCounts()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ queries

    @Test
    void pending_tasks_are_found_by_user_and_by_role() {
        InstanceView i = startContract();
        long draft = onlyTask(i);
        assertThat(engine.pendingTasks("anyone", List.of("fuel_clerk"))).extracting(TaskView::id).contains(draft);
        assertThat(engine.pendingTasks("anyone", List.of("finance"))).extracting(TaskView::id).doesNotContain(draft);
        assertThat(engine.pendingTasks("anyone", List.of())).extracting(TaskView::id).doesNotContain(draft);

        i = engine.pass(draft, CLERK, null);
        i = engine.returnTask(onlyTask(i), FUEL_MANAGER, "incomplete");
        long back = onlyTask(i);
        List<TaskView> mine = engine.pendingTasks(CLERK.user(), List.of());
        assertThat(mine).extracting(TaskView::id).contains(back).doesNotContain(draft);
        TaskView t = mine.stream().filter(x -> x.id() == back).findFirst().orElseThrow();
        assertThat(t.businessKey()).isEqualTo(i.businessKey());
        assertThat(t.templateKey()).isEqualTo(KEY);
        assertThat(engine.pendingTasks(CLERK_2.user(), List.of())).extracting(TaskView::id).doesNotContain(back);
    }

    @Test
    void history_of_an_unknown_instance_is_refused() {
        assertThatThrownBy(() -> engine.history(987_654_321L))
                .isInstanceOf(NotFoundException.class).hasMessage("instance 987654321 does not exist");
        assertThatThrownBy(() -> engine.instance(987_654_321L)).isInstanceOf(NotFoundException.class);
    }

    // ------------------------------------------------------------------ helpers

    /** Row counts and version sums of every engine table: equal before and after means nothing changed. */
    protected Map<String, Long> rowCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("pf_template", "pf_node", "pf_edge", "pf_instance", "pf_task", "pf_task_candidate", "pf_history")) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
            for (String table : List.of("pf_instance", "pf_task")) {
                try (ResultSet rs = s.executeQuery("select coalesce(sum(version), 0) from " + table)) {
                    rs.next();
                    out.put(table + ".version", rs.getLong(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
