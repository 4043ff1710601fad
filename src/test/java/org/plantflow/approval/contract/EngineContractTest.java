package org.plantflow.approval.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

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
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
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
    void templates_instance_pages_and_the_diagram_read_alike_on_every_database() throws Exception {
        assertThat(engine.templates()).anyMatch(t -> t.key().equals(KEY) && t.version() == 1
                && t.sourceFile().equals("linear-contract.bpmn"));
        assertThat(engine.template(KEY, 1).bpmnXml()).isEqualTo(java.nio.file.Files.readString(FUEL));
        assertThatThrownBy(() -> engine.template(KEY, 999)).isInstanceOf(NotFoundException.class);

        String who = "pager." + getClass().getSimpleName();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(engine.start(KEY, newBusinessKey(), who, Map.of("amount", 3_000_000, "supplier", "Shenhua")).id());
        }
        org.plantflow.approval.InstancePage second = engine.instances(
                new org.plantflow.approval.InstanceQuery(KEY, InstanceStatus.RUNNING, null, who, 1, 2));
        assertThat(second.total()).isEqualTo(5);
        assertThat(second.items()).extracting(org.plantflow.approval.InstanceSummary::id)
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(engine.instances(new org.plantflow.approval.InstanceQuery(null, null, null, who, 2, 2)).items())
                .extracting(org.plantflow.approval.InstanceSummary::id).containsExactly(ids.get(0));
        assertThat(engine.instances(new org.plantflow.approval.InstanceQuery(null, InstanceStatus.COMPLETED, null, who, 0, 2))
                .total()).isZero();
        assertThatThrownBy(() -> engine.instances(new org.plantflow.approval.InstanceQuery(null, null, null, null, 0, 0)))
                .isInstanceOf(InvalidInputException.class);

        InstanceView passed = engine.pass(onlyTask(engine.instance(ids.get(0))), CLERK, "drafted");
        org.plantflow.approval.InstanceDiagram d = engine.diagram(ids.get(0));
        assertThat(d.takenFlows()).extracting(org.plantflow.approval.InstanceDiagram.TakenFlow::flowId).containsExactly("f1", "f2");
        assertThat(d.executedNodes()).containsExactly("start", "draft");
        assertThat(d.currentNodes()).extracting(org.plantflow.approval.InstanceDiagram.CurrentNode::nodeId)
                .containsExactly(nodeOf(passed));
        assertThat(d.unrecordedSteps()).isZero();
        assertThatThrownBy(() -> engine.diagram(987_654_321L)).isInstanceOf(NotFoundException.class);

        InstanceView atFinance = engine.pass(onlyTask(passed), FUEL_MANAGER, "ok");
        org.plantflow.approval.TaskContext context = engine.taskContext(onlyTask(atFinance));
        assertThat(context.task().nodeId()).isEqualTo(nodeOf(atFinance));
        assertThat(context.returnTargets()).containsExactly("fuel_manager_review", "draft");
        assertThat(engine.taskContext(onlyTask(engine.instance(ids.get(1)))).returnTargets()).isEmpty();
        assertThatThrownBy(() -> engine.taskContext(987_654_321L)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void an_invalid_template_is_refused_with_every_problem_and_nothing_is_stored() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.deploy(TEMPLATES.resolve("broken-structure.bpmn")))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> {
                    assertThat(e.file()).isEqualTo("broken-structure.bpmn");
                    assertThat(e.problems()).extracting(ValidationProblem::code)
                            .containsExactlyInAnyOrder("DUPLICATE_ID", "NO_START", "NO_END", "DANGLING_FLOW", "DANGLING_FLOW",
                                    "BAD_DEADLINE");
                });
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

    @Test
    void a_template_whose_facts_statement_no_mapper_defines_is_refused_at_deploy_and_nothing_is_stored() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.deploy(TEMPLATES.resolve("unknown-facts-statement.bpmn")))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> {
                    assertThat(e.file()).isEqualTo("unknown-facts-statement.bpmn");
                    assertThat(e.templateKey()).isEqualTo("unknown-facts");
                    assertThat(e.problems()).extracting(ValidationProblem::code).containsExactly("UNKNOWN_FACTS_STATEMENT");
                })
                .hasMessage("1 problem(s) in template; nothing was deployed:\n"
                        + "unknown-facts-statement.bpmn: UNKNOWN_FACTS_STATEMENT [unknown-facts]: approval:facts names "
                        + "statement 'contracts.noSuchFacts', which no mapper defines, so every start would fail; add the "
                        + "statement to a mapper XML under mappers/ (or the host's mappers folder) with that namespace and "
                        + "id, or correct the attribute, and deploy again");
        assertThat(rowCounts()).isEqualTo(before);
        assertThatThrownBy(() -> engine.start("unknown-facts", newBusinessKey(), CLERK.user(), Map.of()))
                .isInstanceOf(NotFoundException.class);
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
        assertThatThrownBy(() -> engine.start(KEY, bk, CLERK_2.user(), Map.of()))
                .isInstanceOfSatisfying(InstanceAlreadyRunningException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", first.id()), entry("templateKey", KEY), entry("businessKey", bk),
                        entry("user", CLERK_2.user())))
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
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.templateKey()).isEqualTo("no-such-template"))
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
                    assertThat(e.details()).containsExactly(entry("instanceId", i.id()), entry("taskId", task),
                            entry("nodeId", "fuel_manager_review"), entry("templateKey", KEY), entry("templateVersion", 1),
                            entry("businessKey", i.businessKey()), entry("user", "zhao.finance"));
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
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.taskId()).isEqualTo(987_654_321L))
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
                .isInstanceOfSatisfying(TaskNotOpenException.class, e -> {
                    assertThat(e.status()).isEqualTo(TaskStatus.COMPLETED);
                    assertThat(e.details()).containsExactly(entry("instanceId", i.id()), entry("taskId", task),
                            entry("nodeId", "draft"), entry("templateKey", KEY), entry("businessKey", i.businessKey()),
                            entry("user", CLERK.user()), entry("status", "COMPLETED"));
                })
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
                .isInstanceOfSatisfying(DecisionException.class, e -> {
                    assertThat(e.rulesFired()).containsExactly("core: a holder of a candidate role may act",
                            "core: a single-acceptor node completes on its pass");
                    assertThat(e.instanceId()).isEqualTo(i.id());
                    assertThat(e.nodeId()).isEqualTo("review");
                    assertThat(e.templateKey()).isEqualTo("forked");
                    assertThat(e.templateVersion()).isEqualTo(1);
                    assertThat(e.businessKey()).isEqualTo(i.businessKey());
                })
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
        InstanceView at = i;
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.returnTask(task, FINANCE, null, "general_manager_approval"))
                .isInstanceOfSatisfying(IllegalOperationException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", at.id()), entry("taskId", task), entry("nodeId", "finance_review"),
                        entry("templateKey", KEY), entry("templateVersion", 1), entry("businessKey", at.businessKey()),
                        entry("user", FINANCE.user())))
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
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.details())
                        .containsExactly(entry("instanceId", 987_654_321L)))
                .hasMessage("instance 987654321 does not exist");
        assertThatThrownBy(() -> engine.instance(987_654_321L)).isInstanceOf(NotFoundException.class);
    }

    // ------------------------------------------------------------------ bad input: refused before anything is written

    @Test
    void a_business_key_of_300_characters_is_refused_naming_the_field_and_its_limit_and_no_instance_is_created() {
        String key = "FPC-" + "9".repeat(296);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.start(KEY, key, CLERK.user(), Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("business key");
                    assertThat(e.limit()).isEqualTo(200);
                    assertThat(e.templateKey()).isEqualTo(KEY);
                    assertThat(e.businessKey()).isNull();
                })
                .hasMessage("business key is 300 characters long, more than the 200 allowed ('FPC-" + "9".repeat(36)
                        + "...'); shorten it");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void an_initiator_of_200_characters_is_refused_and_no_instance_is_created() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.start(KEY, newBusinessKey(), "i".repeat(200), Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("initiator");
                    assertThat(e.limit()).isEqualTo(100);
                })
                .hasMessage("initiator is 200 characters long, more than the 100 allowed ('" + "i".repeat(40)
                        + "...'); shorten it");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_nul_character_in_the_business_key_is_refused_and_no_instance_is_created() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.start(KEY, "FPC-\0-1", CLERK.user(), Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("business key");
                    assertThat(e.limit()).isNull();
                })
                .hasMessage("business key contains a NUL character (U+0000) at position 4, which the database cannot "
                        + "store ('FPC-\\0-1'); remove it");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_nul_character_in_a_variable_value_is_refused_and_no_instance_is_created() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.start(KEY, newBusinessKey(), CLERK.user(), Map.of("supplier", "Shen\0hua")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("variable 'supplier'"))
                .hasMessage("variable 'supplier' contains a NUL character (U+0000) at position 4, which the database "
                        + "cannot store ('Shen\\0hua'); remove it");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_blank_business_key_is_refused_and_no_instance_is_created() {
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.start(KEY, "  ", CLERK.user(), Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("business key"))
                .hasMessage("business key must not be blank");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_list_as_a_variable_is_refused_and_no_instance_is_created() {
        Map<String, Long> before = rowCounts();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("amount", 3_000_000);
        variables.put("lines", new java.util.ArrayList<>(List.of("coal", "freight")));
        assertThatThrownBy(() -> engine.start(KEY, newBusinessKey(), CLERK.user(), variables))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("variable 'lines'"))
                .hasMessage("variable 'lines' is a java.util.ArrayList; variables are strings, numbers or booleans");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void a_comment_over_2000_characters_is_refused_and_the_task_stays_open() {
        InstanceView i = engine.instance(startContract().id());
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, CLERK, "c".repeat(2001)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsExactly(
                        entry("taskId", task), entry("user", CLERK.user()), entry("field", "comment"), entry("limit", 2000)))
                .hasMessage("comment is 2001 characters long, more than the 2000 allowed ('" + "c".repeat(40)
                        + "...'); shorten it");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(engine.instance(i.id())).isEqualTo(i);
    }

    @Test
    void a_nul_character_in_a_comment_is_refused_and_the_task_stays_open() {
        InstanceView i = engine.instance(startContract().id());
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, CLERK, "see\0attached"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("comment"))
                .hasMessage("comment contains a NUL character (U+0000) at position 3, which the database cannot store "
                        + "('see\\0attached'); remove it");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(engine.instance(i.id())).isEqualTo(i);
    }

    @Test
    void an_actor_user_of_200_characters_is_refused_and_the_task_stays_open() {
        InstanceView i = engine.instance(startContract().id());
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, Actor.of("u".repeat(200), "fuel_clerk"), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("actor user");
                    assertThat(e.limit()).isEqualTo(100);
                    assertThat(e.taskId()).isEqualTo(task);
                })
                .hasMessage("actor user is 200 characters long, more than the 100 allowed ('" + "u".repeat(40)
                        + "...'); shorten it");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(engine.instance(i.id())).isEqualTo(i);
    }

    @Test
    void a_null_actor_is_refused_and_the_task_stays_open() {
        InstanceView i = engine.instance(startContract().id());
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.pass(task, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("actor"))
                .hasMessage("actor must not be null; pass the user and the roles the host gives them (Actor.of(user, roles...))");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(engine.instance(i.id())).isEqualTo(i);
    }

    @Test
    void a_blank_actor_user_is_refused_when_the_actor_is_made() {
        assertThatThrownBy(() -> Actor.of(" ", "fuel_clerk"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("actor user"))
                .hasMessage("actor user id must not be blank");
    }

    @Test
    void a_blank_target_node_is_refused_and_the_task_stays_open() {
        InstanceView i = engine.pass(onlyTask(startContract()), CLERK, null);
        long task = onlyTask(i);
        Map<String, Long> before = rowCounts();
        assertThatThrownBy(() -> engine.returnTask(task, FUEL_MANAGER, null, " "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details())
                        .containsExactly(entry("taskId", task), entry("field", "target node")))
                .hasMessage("target node must not be blank; use returnTask(task, actor, comment) to return to the "
                        + "previous manual node");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(engine.instance(i.id())).isEqualTo(i);
    }

    @Test
    void pending_tasks_for_a_user_of_200_characters_or_a_role_with_a_nul_are_refused() {
        assertThatThrownBy(() -> engine.pendingTasks("p".repeat(200), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("user");
                    assertThat(e.limit()).isEqualTo(100);
                })
                .hasMessage("user is 200 characters long, more than the 100 allowed ('" + "p".repeat(40) + "...'); shorten it");
        assertThatThrownBy(() -> engine.pendingTasks(CLERK.user(), List.of("fuel\0clerk")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details())
                        .containsExactly(entry("user", CLERK.user()), entry("field", "role")))
                .hasMessage("role contains a NUL character (U+0000) at position 4, which the database cannot store "
                        + "('fuel\\0clerk'); remove it");
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
