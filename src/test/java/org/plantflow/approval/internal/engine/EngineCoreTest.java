package org.plantflow.approval.internal.engine;

import org.plantflow.approval.internal.template.TemplateRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.plantflow.approval.Actor;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.IllegalOperationException;
import org.plantflow.approval.InstanceAlreadyRunningException;
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.CompleteQuestion;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.facts.DeadlineQuestion;
import org.plantflow.approval.facts.Deny;
import org.plantflow.approval.facts.DueIn;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.Node;
import org.plantflow.approval.facts.NodeOutcome;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.facts.Vote;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
import org.plantflow.approval.internal.persistence.HostActions;
import org.plantflow.approval.internal.persistence.CandidateKind;
import org.plantflow.approval.internal.persistence.ActivationStatus;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.spi.ApprovalAction;

/**
 * EngineCore against doubles of its two ports. The Store double is a Mockito mock whose answers keep rows in
 * maps and behave as the Store contract says (reads return copies; tasksOfActivation without candidates;
 * updates write back and bump the version; closing a task removes its candidates), so what the engine wrote can
 * be checked both as calls and as resulting state. The rules are stubbed question by question.
 * <p>
 * Template 1, a fuel contract: start -f1-> draft -f2-> review -f3-> amount_check (exclusive gateway) -f5->
 * approve -f4-> end, with a default flow f6 from amount_check to end.
 * <p>
 * Template 2, a committee review: start -g1-> cosign (countersign: li, zhao) -g2-> committee (vote 2/3: sun,
 * zhou, wu) -g3 [on pass]-> notify (automatic, action notifyErp) -g5-> end_ok; committee -g4 [on fail]->
 * end_rejected.
 * <p>
 * A refused call is rolled back by the caller's transaction; checks that run before the first write are asserted
 * to write nothing, the others only to throw.
 */
@ExtendWith(MockitoExtension.class)
class EngineCoreTest {
    static final long TEMPLATE_ID = 10;
    static final String KEY = "fuel-purchase-contract";
    static final long INSTANCE_ID = 7;
    static final String BUSINESS_KEY = "FPC-1";
    static final String INSTANCE = "instance 7 (fuel-purchase-contract v1, business key FPC-1)";

    static final long TEMPLATE2_ID = 20;
    static final String KEY2 = "committee-review";
    static final long INSTANCE2_ID = 8;
    static final String INSTANCE2 = "instance 8 (committee-review v1, business key CR-1)";

    static final Instant NOW_INSTANT = Instant.parse("2025-03-01T08:30:00Z");
    static final LocalDateTime NOW = LocalDateTime.of(2025, 3, 1, 8, 30);

    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor MANAGER = Actor.of("wang.manager", "fuel_manager");
    static final Actor GM = Actor.of("chen.gm", "general_manager");

    @Mock
    Store store;
    @Mock
    DecisionPort decisions;

    EngineCore core;

    /** The rows "in the database". */
    final Map<Long, InstanceRow> instances = new LinkedHashMap<>();
    final Map<Long, ActivationRow> activations = new LinkedHashMap<>();
    final Map<Long, TaskRow> tasks = new LinkedHashMap<>();
    final Map<Long, List<CandidateRow>> candidates = new HashMap<>();
    final List<HistoryRow> history = new ArrayList<>();

    @BeforeEach
    void setUp() {
        lenient().when(decisions.pinned()).thenReturn(decisions); // a call pins the active rules; the mock is them
        lenient().when(store.taskLockingInstance(anyLong())).thenCallRealMethod(); // task(id), then lockInstance
        lenient().when(store.insertInstanceUnlessRunning(any())).thenCallRealMethod(); // runningInstance, then insertInstance
        lenient().when(store.template(TEMPLATE_ID)).thenReturn(template(TEMPLATE_ID, KEY, "Fuel purchase contract approval"));
        lenient().when(store.latestTemplate(KEY)).thenReturn(template(TEMPLATE_ID, KEY, "Fuel purchase contract approval"));
        lenient().when(store.nodes(TEMPLATE_ID)).thenReturn(List.of(
                node(TEMPLATE_ID, "start", "START", "Contract drafted", null),
                node(TEMPLATE_ID, "draft", "USER_TASK", "Draft purchase contract", "fuel_clerk"),
                node(TEMPLATE_ID, "review", "USER_TASK", "Fuel manager review", "fuel_manager"),
                node(TEMPLATE_ID, "amount_check", "EXCLUSIVE_GATEWAY", "Amount check", null),
                node(TEMPLATE_ID, "approve", "USER_TASK", "General manager approval", "general_manager"),
                node(TEMPLATE_ID, "end", "END", "Contract approved", null)));
        lenient().when(store.edges(TEMPLATE_ID)).thenReturn(List.of(
                edge(TEMPLATE_ID, "f1", "start", "draft", null),
                edge(TEMPLATE_ID, "f2", "draft", "review", null),
                edge(TEMPLATE_ID, "f3", "review", "amount_check", null),
                edge(TEMPLATE_ID, "f4", "approve", "end", null),
                edge(TEMPLATE_ID, "f5", "amount_check", "approve", null),
                defaultFlow(edge(TEMPLATE_ID, "f6", "amount_check", "end", null))));

        lenient().when(store.template(TEMPLATE2_ID)).thenReturn(template(TEMPLATE2_ID, KEY2, "Committee review"));
        lenient().when(store.latestTemplate(KEY2)).thenReturn(template(TEMPLATE2_ID, KEY2, "Committee review"));
        NodeRow cosign = node(TEMPLATE2_ID, "cosign", "USER_TASK", "Joint signature", null);
        cosign.signMode = "countersign";
        cosign.acceptors = "li,zhao";
        NodeRow committee = node(TEMPLATE2_ID, "committee", "USER_TASK", "Committee vote", null);
        committee.signMode = "vote";
        committee.voteThreshold = "2/3";
        committee.acceptors = "sun,zhou,wu";
        NodeRow notify = node(TEMPLATE2_ID, "notify", "SERVICE_TASK", "Notify ERP", null);
        notify.actionName = "notifyErp";
        lenient().when(store.nodes(TEMPLATE2_ID)).thenReturn(List.of(
                node(TEMPLATE2_ID, "start", "START", "Review requested", null), cosign, committee, notify,
                node(TEMPLATE2_ID, "end_ok", "END", "Accepted", null),
                node(TEMPLATE2_ID, "end_rejected", "END", "Rejected", null)));
        lenient().when(store.edges(TEMPLATE2_ID)).thenReturn(List.of(
                edge(TEMPLATE2_ID, "g1", "start", "cosign", null),
                edge(TEMPLATE2_ID, "g2", "cosign", "committee", null),
                edge(TEMPLATE2_ID, "g3", "committee", "notify", "pass"),
                edge(TEMPLATE2_ID, "g4", "committee", "end_rejected", "fail"),
                edge(TEMPLATE2_ID, "g5", "notify", "end_ok", null)));

        wireStore();

        // Rules that answer nothing unless a test says otherwise; a single-acceptor node completes on its pass.
        lenient().when(decisions.decide(any(), any(), anyCollection())).thenReturn(outcome(List.of()));
        lenient().when(decisions.decide(any(), argThat(q -> q instanceof CompleteQuestion c && c.getMode().equals("single")
                && c.getYes() >= 1), anyCollection())).thenReturn(outcome(List.of(), new NodeOutcome("pass")));
        core = coreWith(Map.of(), null);
    }

    /** The engine with these host actions; the store runs them on this connection as the real store does. */
    private EngineCore coreWith(Map<String, ApprovalAction> actions, Connection connection) {
        lenient().doAnswer(inv -> HostActions.run(connection, inv.getArgument(0), inv.getArgument(1)))
                .when(store).runAction(any(), any());
        return new EngineCore(store, decisions, new TemplateRegistry(), new Actions(actions),
                Clock.fixed(NOW_INSTANT, ZoneOffset.UTC));
    }

    // ================================================================ start

    @Test
    void start_asks_the_route_question_for_the_start_node_then_the_assign_question_for_the_templates_rules() {
        onRoute("start", outcome(List.of("route start"), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of("offer draft"), Candidate.role("fuel_clerk")));

        core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("amount", 120_000));

        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        verify(decisions, times(2)).decide(eq(KEY), questions.capture(), anyCollection());
        assertThat(questions.getAllValues()).satisfiesExactly(
                q -> assertThat(q).isInstanceOfSatisfying(RouteQuestion.class, r -> {
                    assertThat(r.getNodeId()).isEqualTo("start");
                    assertThat(r.getAction()).isEqualTo("START");
                    assertThat(r.getOutcome()).isNull();
                }),
                q -> assertThat(q).isInstanceOfSatisfying(AssignQuestion.class, a -> {
                    assertThat(a.getNodeId()).isEqualTo("draft");
                    assertThat(a.isReturned()).isFalse();
                    assertThat(a.getPreviousActor()).isNull();
                }));
    }

    @Test
    void start_gives_the_rules_the_template_nodes_flows_instance_and_variables() {
        onRoute("start", outcome(List.of(), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of(), Candidate.role("fuel_clerk")));

        core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("amount", 120_000));

        List<Object> facts = factsOf(q -> q instanceof RouteQuestion);
        assertThat(facts).filteredOn(Node.class::isInstance).map(f -> ((Node) f).getId())
                .containsExactly("start", "draft", "review", "amount_check", "approve", "end");
        assertThat(facts).filteredOn(Node.class::isInstance).map(Node.class::cast)
                .filteredOn(n -> n.getId().equals("amount_check")).singleElement().satisfies(n -> {
                    assertThat(n.getIncoming()).isEqualTo(1);
                    assertThat(n.getOutgoing()).isEqualTo(2);
                });
        assertThat(facts).filteredOn(Flow.class::isInstance).map(f -> ((Flow) f).getId())
                .containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
        assertThat(facts).filteredOn(Flow.class::isInstance).map(Flow.class::cast)
                .filteredOn(Flow::isDefaultFlow).extracting(Flow::getId).containsExactly("f6");
        assertThat(facts).filteredOn(Instance.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Instance.class, i -> {
                    assertThat(i.getId()).isEqualTo(INSTANCE_ID);
                    assertThat(i.getTemplateKey()).isEqualTo(KEY);
                    assertThat(i.getTemplateVersion()).isEqualTo(1);
                    assertThat(i.getBusinessKey()).isEqualTo(BUSINESS_KEY);
                    assertThat(i.getInitiator()).isEqualTo("zhang.clerk");
                    assertThat(i.get("amount")).isEqualTo(120_000);
                });
        assertThat(facts).filteredOn(Variable.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Variable.class, v -> {
                    assertThat(v.getName()).isEqualTo("amount");
                    assertThat(v.getNumber()).isEqualTo(120_000d);
                });
    }

    @Test
    void start_inserts_the_instance_an_activation_the_first_task_with_its_candidates_and_a_start_history_entry() {
        onRoute("start", outcome(List.of("route start"), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of("offer draft"), Candidate.role("fuel_clerk"), Candidate.user("li.clerk")));

        long id = core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("amount", 120_000));

        assertThat(id).isEqualTo(INSTANCE_ID);
        InOrder order = inOrder(store);
        order.verify(store).insertInstance(any());
        order.verify(store).insertActivation(any());
        order.verify(store).insertTask(any(), any());
        order.verify(store).insertHistory(any());

        InstanceRow i = instances.get(INSTANCE_ID);
        assertThat(i.templateId).isEqualTo(TEMPLATE_ID);
        assertThat(i.templateKey).isEqualTo(KEY);
        assertThat(i.businessKey).isEqualTo(BUSINESS_KEY);
        assertThat(i.runningKey).isEqualTo("fuel-purchase-contract/FPC-1");
        assertThat(i.status).hasToString("RUNNING");
        assertThat(i.initiator).isEqualTo("zhang.clerk");
        assertThat(i.variables).isEqualTo("{\"amount\":120000}");
        assertThat(i.startedAt).isEqualTo(NOW);
        assertThat(i.endedAt).isNull();
        assertThat(i.version).isZero();

        assertThat(activations).hasSize(1);
        ActivationRow a = activations.get(1L);
        assertThat(a.instanceId).isEqualTo(INSTANCE_ID);
        assertThat(a.nodeId).isEqualTo("draft");
        assertThat(a.nodeType).isEqualTo("USER_TASK");
        assertThat(a.status).hasToString("ACTIVE");
        assertThat(a.previousActivationId).isNull();
        assertThat(a.region).isNull();
        assertThat(a.createdAt).isEqualTo(NOW);
        assertThat(a.completedAt).isNull();

        assertThat(tasks).hasSize(1);
        TaskRow task = tasks.get(100L);
        assertThat(task.instanceId).isEqualTo(INSTANCE_ID);
        assertThat(task.activationId).isEqualTo(1L);
        assertThat(task.nodeId).isEqualTo("draft");
        assertThat(task.nodeName).isEqualTo("Draft purchase contract");
        assertThat(task.status).hasToString("OPEN");
        assertThat(task.createdAt).isEqualTo(NOW);
        assertThat(task.dueAt).isNull();
        assertThat(task.version).isZero();
        assertThat(candidatesOf(100)).containsExactly("R:fuel_clerk", "U:li.clerk");

        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.instanceId).isEqualTo(INSTANCE_ID);
            assertThat(h.taskId).isNull();
            assertThat(h.action).isEqualTo("START");
            assertThat(h.actor).isEqualTo("zhang.clerk");
            assertThat(h.commentText).isNull();
            assertThat(h.fromNode).isEqualTo("start");
            assertThat(h.toNode).isEqualTo("draft");
            assertThat(h.rulesFired).isEqualTo("route start; offer draft");
            assertThat(h.decision).isEqualTo("start -> draft via f1; offer 'draft' to [role:fuel_clerk, user:li.clerk]");
            assertThat(h.createdAt).isEqualTo(NOW);
        });
        verify(store, never()).updateInstance(any());
        verify(store, never()).updateTask(any());
        verify(store, never()).updateActivation(any());
    }

    @Test
    void start_sets_the_first_tasks_due_time_from_the_rules_due_in() {
        onRoute("start", outcome(List.of(), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of("due in two days"), Candidate.role("fuel_clerk"), DueIn.parse("P2D")));

        core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of());

        assertThat(tasks.get(100L).dueAt).isEqualTo(NOW.plusDays(2));
        assertThat(history.get(0).decision).isEqualTo("start -> draft via f1; offer 'draft' to [role:fuel_clerk], due in PT48H");
    }

    @Test
    void start_with_contradicting_deadlines_for_the_first_task_is_refused() {
        onRoute("start", outcome(List.of(), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of("two days", "one day"), Candidate.role("fuel_clerk"), DueIn.parse("P2D"),
                DueIn.parse("P1D")));

        assertThatThrownBy(() -> core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of()))
                .isInstanceOf(DecisionException.class)
                .hasMessage("contradicting deadlines for the task at node 'draft' (Draft purchase contract) of " + INSTANCE
                        + ": [PT48H, PT24H]; make the rules agree (rules fired: [two days, one day])");
        verify(store, never()).insertTask(any(), any());
        verify(store, never()).insertHistory(any());
    }

    @Test
    void start_of_a_template_whose_first_node_has_several_acceptors_gives_each_acceptor_a_task() {
        onRoute("start", outcome(List.of(), new Route("g1", "cosign")));
        onAssign("cosign", outcome(List.of(), Candidate.user("li"), Candidate.user("zhao")));

        core.start(KEY2, "CR-1", "li", Map.of());

        assertThat(tasks.values()).extracting(t -> t.id, t -> t.nodeId, t -> t.activationId, t -> t.status.name())
                .containsExactly(tuple(100L, "cosign", 1L, "OPEN"), tuple(101L, "cosign", 1L, "OPEN"));
        assertThat(candidatesOf(100)).containsExactly("U:li");
        assertThat(candidatesOf(101)).containsExactly("U:zhao");
        assertThat(activations).hasSize(1);
    }

    @Test
    void start_while_an_instance_for_the_business_key_is_running_is_refused_before_asking_the_rules() {
        when(store.runningInstance(KEY, BUSINESS_KEY)).thenReturn(runningInstance());

        assertThatThrownBy(() -> core.start(KEY, BUSINESS_KEY, "li.clerk", Map.of()))
                .isInstanceOfSatisfying(InstanceAlreadyRunningException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE_ID), entry("templateKey", KEY), entry("businessKey", BUSINESS_KEY),
                        entry("user", "li.clerk")))
                .hasMessage("instance 7 of template 'fuel-purchase-contract' for business key 'FPC-1' is still running "
                        + "(started by zhang.clerk); finish it before starting another for the same business key");
        assertNothingWritten();
        verify(decisions, never()).decide(any(), any(), anyCollection());
    }

    @Test
    void start_of_a_template_that_is_not_deployed_is_refused_with_not_found() {
        assertThatThrownBy(() -> core.start("no-such-template", BUSINESS_KEY, "zhang.clerk", Map.of()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.details())
                        .containsExactly(entry("templateKey", "no-such-template")))
                .hasMessage("no template with key 'no-such-template' is deployed; deploy its BPMN file first "
                        + "(plantflow deploy FILE, or ApprovalEngine.deploy)");
        assertNothingWritten();
    }

    @Test
    void start_with_a_blank_business_key_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.start(KEY, " ", "zhang.clerk", Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("business key");
                    assertThat(e.limit()).isNull();
                    assertThat(e.details()).containsExactly(entry("templateKey", KEY), entry("field", "business key"));
                })
                .hasMessage("business key must not be blank");
        verify(store, never()).latestTemplate(any());
        assertNothingWritten();
    }

    @Test
    void start_with_a_business_key_over_200_characters_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.start(KEY, "K".repeat(201), "zhang.clerk", Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("business key");
                    assertThat(e.limit()).isEqualTo(200);
                })
                .hasMessage("business key is 201 characters long, more than the 200 allowed ('" + "K".repeat(40)
                        + "...'); shorten it");
        verify(store, never()).latestTemplate(any());
        assertNothingWritten();
    }

    @Test
    void start_with_a_map_as_a_variable_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("lines", Map.of("coal", 1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsExactly(
                        entry("templateKey", KEY), entry("businessKey", BUSINESS_KEY), entry("user", "zhang.clerk"),
                        entry("field", "variable 'lines'")))
                .hasMessageStartingWith("variable 'lines' is a java.util.")
                .hasMessageEndingWith("; variables are strings, numbers or booleans");
        verify(store, never()).latestTemplate(any());
        assertNothingWritten();
    }
    @Test
    void start_without_candidates_for_the_first_task_is_refused_and_creates_no_task() {
        onRoute("start", outcome(List.of("route start"), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of()));

        assertThatThrownBy(() -> core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of()))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule offered the task at node 'draft' (Draft purchase contract) of " + INSTANCE
                        + " to anyone; give the node approval:roles or approval:acceptors, or add an assignment rule "
                        + "(rules fired: [route start])");
        verify(store, never()).insertTask(any(), any());
        verify(store, never()).insertHistory(any());
    }

    // ================================================================ pass

    @Test
    void pass_closes_the_task_completes_its_activation_and_opens_the_next_activation_with_its_task() {
        givenActivation(1, INSTANCE_ID, "draft", "USER_TASK", "ACTIVE", null, null);
        givenTask(100, 1, "OPEN", null, null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of("permit clerk"), new Permit("holds role fuel_clerk")));
        onComplete(outcome(List.of("single completes"), new NodeOutcome("pass")));
        onRoute("draft", outcome(List.of("route draft"), new Route("f2", "review")));
        onAssign("review", outcome(List.of("offer review"), Candidate.role("fuel_manager")));

        long id = core.pass(100, CLERK, "looks fine");

        assertThat(id).isEqualTo(INSTANCE_ID);
        InOrder order = inOrder(store);
        order.verify(store).lockInstance(INSTANCE_ID);
        order.verify(store).updateTask(argThat(t -> t.id == 100));
        order.verify(store).updateActivation(argThat(a -> a.id == 1));
        order.verify(store).insertActivation(argThat(a -> a.nodeId.equals("review")));
        order.verify(store).insertTask(argThat(t -> t.nodeId.equals("review")), any());
        order.verify(store).insertHistory(any());
        order.verify(store).updateInstance(argThat(r -> r.id == INSTANCE_ID));

        TaskRow draft = tasks.get(100L);
        assertThat(draft.status).hasToString("COMPLETED");
        assertThat(draft.completedBy).isEqualTo("zhang.clerk");
        assertThat(draft.completedAt).isEqualTo(NOW);
        assertThat(draft.outcome).isEqualTo("PASS");
        assertThat(candidatesOf(100)).as("a closed task leaves the pending lists").isEmpty();
        ActivationRow done = activations.get(1L);
        assertThat(done.status).hasToString("COMPLETED");
        assertThat(done.outcome).isEqualTo("PASS");
        assertThat(done.completedAt).isEqualTo(NOW);

        ActivationRow next = activations.get(2L);
        assertThat(next.nodeId).isEqualTo("review");
        assertThat(next.status).hasToString("ACTIVE");
        assertThat(next.previousActivationId).isEqualTo(1L);
        TaskRow review = tasks.get(101L);
        assertThat(review.nodeId).isEqualTo("review");
        assertThat(review.activationId).isEqualTo(2L);
        assertThat(review.status).hasToString("OPEN");
        assertThat(candidatesOf(101)).containsExactly("R:fuel_manager");
        assertThat(instances.get(INSTANCE_ID).version).as("every call bumps the instance's version").isEqualTo(1);

        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.action).isEqualTo("PASS");
            assertThat(h.taskId).isEqualTo(100L);
            assertThat(h.actor).isEqualTo("zhang.clerk");
            assertThat(h.commentText).isEqualTo("looks fine");
            assertThat(h.fromNode).isEqualTo("draft");
            assertThat(h.toNode).isEqualTo("review");
            assertThat(h.rulesFired).isEqualTo("permit clerk; single completes; route draft; offer review");
            assertThat(h.decision).isEqualTo("'draft' completes: pass (single 1 yes, 0 open); draft -> review via f2; "
                    + "offer 'review' to [role:fuel_manager]");
        });
    }

    @Test
    void pass_asks_authorization_with_the_task_and_its_candidates_then_completion_then_the_route_on_outcome_pass() {
        givenActivation(1, INSTANCE_ID, "draft", "USER_TASK", "ACTIVE", null, null);
        givenTask(100, 1, "OPEN", null, null, Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of(), new Route("f2", "review")));
        onAssign("review", outcome(List.of(), Candidate.role("fuel_manager")));

        core.pass(100, CLERK, null);

        ArgumentCaptor<Object> question = ArgumentCaptor.forClass(Object.class);
        verify(decisions, times(4)).decide(eq(KEY), question.capture(), anyCollection());
        assertThat(question.getAllValues().get(0)).isInstanceOfSatisfying(ActQuestion.class, a -> {
            assertThat(a.getUser()).isEqualTo("zhang.clerk");
            assertThat(a.getRoles()).containsExactly("fuel_clerk");
            assertThat(a.getAction()).isEqualTo("PASS");
        });
        List<Object> facts = factsOf(q -> q instanceof ActQuestion);
        assertThat(facts).filteredOn(Candidate.class::isInstance)
                .containsExactly(Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));
        assertThat(facts).filteredOn(Task.class::isInstance).singleElement().isInstanceOfSatisfying(Task.class, t -> {
            assertThat(t.getId()).isEqualTo(100L);
            assertThat(t.getNodeId()).isEqualTo("draft");
            assertThat(t.getStatus()).isEqualTo("OPEN");
        });
        assertThat(question.getAllValues().get(1)).isInstanceOfSatisfying(CompleteQuestion.class, c -> {
            assertThat(c.getNodeId()).isEqualTo("draft");
            assertThat(c.getMode()).isEqualTo("single");
            assertThat(List.of(c.getTotal(), c.getYes(), c.getNo(), c.getOpen())).containsExactly(1, 1, 0, 0);
        });
        assertThat(question.getAllValues().get(2)).isInstanceOfSatisfying(RouteQuestion.class, r -> {
            assertThat(r.getNodeId()).isEqualTo("draft");
            assertThat(r.getAction()).isEqualTo("PASS");
            assertThat(r.getOutcome()).isEqualTo("pass");
        });
        assertThat(question.getAllValues().get(3)).isInstanceOf(AssignQuestion.class);
    }

    @Test
    void pass_into_the_end_event_completes_the_instance_with_an_end_history_entry() {
        givenActivation(5, INSTANCE_ID, "approve", "USER_TASK", "ACTIVE", 4L, "amount_check@4");
        givenTask(103, 5, "OPEN", null, null, Candidate.role("general_manager"));
        onAct(outcome(List.of("permit gm"), new Permit("holds role general_manager")));
        onRoute("approve", outcome(List.of("route approve"), new Route("f4", "end")));

        core.pass(103, GM, "approved");

        verify(store, never()).insertTask(any(), any());
        verify(store, never()).insertActivation(any());
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof AssignQuestion), anyCollection());
        verify(store, times(1)).updateInstance(any());
        InstanceRow row = instances.get(INSTANCE_ID);
        assertThat(row.status).hasToString("COMPLETED");
        assertThat(row.runningKey).isNull();
        assertThat(row.endedAt).isEqualTo(NOW);

        assertThat(history).extracting(h -> h.action, h -> h.actor, h -> h.fromNode, h -> h.toNode)
                .containsExactly(
                        tuple("PASS", "chen.gm", "approve", "end"),
                        tuple("END", "engine", "end", null));
        assertThat(history.get(0).decision).isEqualTo("'approve' completes: pass (single 1 yes, 0 open); approve -> end via f4");
        assertThat(history.get(1).decision).isEqualTo("instance completed: every path reached an end");
    }

    @Test
    void pass_with_no_route_answer_is_refused_naming_the_node_outcome_and_the_rules_fired() {
        givenDraftOpen();
        onAct(outcome(List.of("permit clerk"), new Permit("holds role fuel_clerk")));
        onRoute("draft", outcome(List.of("some unrelated rule")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE_ID), entry("nodeId", "draft"), entry("templateKey", KEY),
                        entry("templateVersion", 1), entry("businessKey", BUSINESS_KEY),
                        entry("rulesFired", List.of("permit clerk", "some unrelated rule"))))
                .hasMessage("no rule decided where " + INSTANCE + " at node 'draft' (Draft purchase contract) goes next "
                        + "on outcome pass; add a rule that inserts a Route for this node, or give it exactly one "
                        + "outgoing flow (rules fired: [permit clerk, some unrelated rule])");
        verify(store, never()).insertHistory(any());
    }

    @Test
    void pass_through_an_exclusive_gateway_with_no_branch_chosen_and_no_default_says_to_add_a_template_rule() {
        // Remove the default flow: amount_check then has two plain outgoing flows.
        lenient().when(store.edges(TEMPLATE_ID)).thenReturn(List.of(
                edge(TEMPLATE_ID, "f1", "start", "draft", null), edge(TEMPLATE_ID, "f2", "draft", "review", null),
                edge(TEMPLATE_ID, "f3", "review", "amount_check", null), edge(TEMPLATE_ID, "f4", "approve", "end", null),
                edge(TEMPLATE_ID, "f5", "amount_check", "approve", null), edge(TEMPLATE_ID, "f6", "amount_check", "end", null)));
        givenActivation(2, INSTANCE_ID, "review", "USER_TASK", "ACTIVE", 1L, null);
        givenTask(101, 2, "OPEN", null, null, Candidate.role("fuel_manager"));
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("review", outcome(List.of(), new Route("f3", "amount_check")));

        assertThatThrownBy(() -> core.pass(101, MANAGER, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule decided where " + INSTANCE + " at node 'amount_check' (Amount check) goes next; no "
                        + "branch of the exclusive gateway was chosen and it has no default flow; add a rule in "
                        + "rules/fuel-purchase-contract/ that inserts a Route, or mark a default flow (rules fired: [])");
    }

    @Test
    void pass_with_two_contradicting_routes_is_refused_before_assigning() {
        givenDraftOpen();
        onAct(outcome(List.of("permit clerk"), new Permit("holds role fuel_clerk")));
        onRoute("draft", outcome(List.of("route A", "route B"), new Route("f2", "review"), new Route(null, "approve")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("contradicting routes for " + INSTANCE + " at node 'draft' (Draft purchase contract): "
                        + "[Route(f2 -> review), Route(null -> approve)]; make the rules agree on one next node "
                        + "(rules fired: [permit clerk, route A, route B])");
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof AssignQuestion), anyCollection());
        verify(store, never()).insertTask(any(), any());
    }

    @Test
    void pass_with_two_routes_to_the_same_node_along_different_flows_is_refused_asking_for_one_flow() {
        givenDraftOpen();
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("route A", "route B"), new Route("f2", "review"), new Route(null, "review")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("contradicting routes for " + INSTANCE + " at node 'draft' (Draft purchase contract): "
                        + "[Route(f2 -> review), Route(null -> review)]; make the rules agree on one flow "
                        + "(rules fired: [route A, route B])");
    }

    @Test
    void pass_with_the_same_route_answered_twice_is_accepted() {
        givenDraftOpen();
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("route A", "route B"), new Route("f2", "review"), new Route("f2", "review")));
        onAssign("review", outcome(List.of(), Candidate.role("fuel_manager")));

        core.pass(100, CLERK, null);

        assertThat(tasks.get(101L).nodeId).isEqualTo("review");
        assertThat(activations.values()).filteredOn(a -> a.nodeId.equals("review")).hasSize(1);
        assertThat(history.get(0).decision).isEqualTo("'draft' completes: pass (single 1 yes, 0 open); "
                + "draft -> review via f2; offer 'review' to [role:fuel_manager]");
    }

    @Test
    void pass_through_an_exclusive_gateway_asks_a_route_question_for_it_and_records_it_as_completed_without_a_region() {
        givenActivation(2, INSTANCE_ID, "review", "USER_TASK", "ACTIVE", 1L, null);
        givenTask(101, 2, "OPEN", null, null, Candidate.role("fuel_manager"));
        onAct(outcome(List.of("permit manager"), new Permit("ok")));
        onRoute("review", outcome(List.of("route review"), new Route("f3", "amount_check")));
        onRoute("amount_check", outcome(List.of("big amounts need the gm"), new Route("f5", "approve")));
        onAssign("approve", outcome(List.of("offer approve"), Candidate.role("general_manager")));

        core.pass(101, MANAGER, null);

        verify(decisions).decide(eq(KEY), argThat(q -> q instanceof RouteQuestion r && r.getNodeId().equals("amount_check")
                && r.getAction().equals("ROUTE") && r.getOutcome() == null), anyCollection());
        ActivationRow gateway = activations.get(3L);
        assertThat(gateway.nodeId).isEqualTo("amount_check");
        assertThat(gateway.nodeType).isEqualTo("EXCLUSIVE_GATEWAY");
        assertThat(gateway.status).hasToString("COMPLETED");
        assertThat(gateway.completedAt).isEqualTo(NOW);
        assertThat(gateway.previousActivationId).isEqualTo(2L);
        ActivationRow approve = activations.get(4L);
        assertThat(approve.nodeId).isEqualTo("approve");
        assertThat(approve.previousActivationId).isEqualTo(3L);
        assertThat(approve.region).as("only parallel splits open a region").isNull();
        assertThat(tasks.get(102L).activationId).isEqualTo(4L);
        assertThat(candidatesOf(102)).containsExactly("R:general_manager");
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.toNode).isEqualTo("approve");
            assertThat(h.decision).isEqualTo("'review' completes: pass (single 1 yes, 0 open); review -> amount_check "
                    + "via f3; amount_check -> approve via f5; offer 'approve' to [role:general_manager]");
            assertThat(h.rulesFired).isEqualTo("permit manager; route review; big amounts need the gm; offer approve");
        });
    }

    @Test
    void pass_whose_rules_keep_routing_between_gateways_is_refused_as_a_loop() {
        givenActivation(2, INSTANCE_ID, "review", "USER_TASK", "ACTIVE", 1L, null);
        givenTask(101, 2, "OPEN", null, null, Candidate.role("fuel_manager"));
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("review", outcome(List.of(), new Route("f3", "amount_check")));
        onRoute("amount_check", outcome(List.of("check again"), new Route(null, "amount_check")));

        assertThatThrownBy(() -> core.pass(101, MANAGER, null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                        .hasSize(Navigator.MAX_ENTRIES).containsOnly("check again"))
                .hasMessageStartingWith("routing of " + INSTANCE + " entered 500 nodes in one call without resting at a "
                        + "manual node; the rules loop (rules fired: [check again, ");
        verify(decisions, times(Navigator.MAX_ENTRIES + 1)).decide(any(), argThat(q -> q instanceof RouteQuestion), anyCollection());
        verify(store, never()).insertHistory(any());
    }

    @Test
    void pass_routed_back_to_the_start_event_is_refused() {
        givenDraftOpen();
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("back to the start"), new Route(null, "start")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " at node 'draft' (Draft purchase contract) back to the start "
                        + "event node 'start' (Contract drafted), which cannot be entered again; route to a manual node "
                        + "instead (rules fired: [back to the start])");
        verify(store, never()).insertActivation(any());
    }

    @Test
    void pass_routed_to_a_node_the_template_lacks_is_refused() {
        givenDraftOpen();
        onAct(outcome(List.of("permit clerk"), new Permit("ok")));
        onRoute("draft", outcome(List.of("route to legal"), new Route(null, "legal_review")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " at node 'draft' (Draft purchase contract) to node "
                        + "'legal_review', which template fuel-purchase-contract v1 does not have "
                        + "(rules fired: [permit clerk, route to legal])");
        verify(store, never()).insertActivation(any());
    }

    @Test
    void pass_routed_along_a_flow_that_does_not_leave_the_node_is_refused() {
        givenDraftOpen();
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("bad flow"), new Route("f3", "review")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " at node 'draft' (Draft purchase contract) along flow 'f3', "
                        + "which is not an outgoing flow of that node (rules fired: [bad flow])");
        verify(store, never()).insertActivation(any());
    }

    @Test
    void pass_routed_along_a_flow_that_leads_elsewhere_than_the_route_target_is_refused() {
        givenDraftOpen();
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("inconsistent route"), new Route("f2", "approve")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " at node 'draft' (Draft purchase contract) to node 'approve' "
                        + "along flow 'f2', which leads to 'review' instead; make the Route's flow and node agree "
                        + "(rules fired: [inconsistent route])");
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof AssignQuestion), anyCollection());
        verify(store, never()).insertActivation(any());
    }

    @Test
    void pass_with_no_candidate_for_the_next_task_is_refused() {
        givenDraftOpen();
        onAct(outcome(List.of("permit clerk"), new Permit("ok")));
        onRoute("draft", outcome(List.of("route draft"), new Route("f2", "review")));
        onAssign("review", outcome(List.of()));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule offered the task at node 'review' (Fuel manager review) of " + INSTANCE
                        + " to anyone; give the node approval:roles or approval:acceptors, or add an assignment rule "
                        + "(rules fired: [permit clerk, route draft])");
        verify(store, never()).insertTask(any(), any());
        verify(store, never()).insertHistory(any());
    }

    @Test
    void pass_is_refused_by_a_deny_even_when_a_permit_is_present_and_the_message_gives_the_deny_reason() {
        givenDraftOpen();
        onAct(outcome(List.of("permit clerk", "freeze contracts"),
                new Permit("holds role fuel_clerk"), new Deny("contracts are frozen during the audit")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> {
                    assertThat(e.taskId()).isEqualTo(100L);
                    assertThat(e.user()).isEqualTo("zhang.clerk");
                    assertThat(e.rulesFired()).containsExactly("permit clerk", "freeze contracts");
                })
                .hasMessage("user 'zhang.clerk' with roles [fuel_clerk] may not pass task 100 at node 'draft' "
                        + "(Draft purchase contract) of " + INSTANCE + ": contracts are frozen during the audit "
                        + "(rules fired: [permit clerk, freeze contracts])");
        assertNothingWritten();
        assertThat(tasks.get(100L).status).hasToString("OPEN");
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof RouteQuestion), anyCollection());
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof CompleteQuestion), anyCollection());
    }

    @Test
    void pass_without_a_permit_is_refused_naming_who_the_task_is_offered_to() {
        givenActivation(1, INSTANCE_ID, "draft", "USER_TASK", "ACTIVE", null, null);
        givenTask(100, 1, "OPEN", null, null, Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));

        assertThatThrownBy(() -> core.pass(100, MANAGER, null))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE_ID), entry("taskId", 100L), entry("nodeId", "draft"),
                        entry("templateKey", KEY), entry("templateVersion", 1), entry("businessKey", BUSINESS_KEY),
                        entry("user", "wang.manager")))
                .hasMessage("user 'wang.manager' with roles [fuel_manager] may not pass task 100 at node 'draft' "
                        + "(Draft purchase contract) of " + INSTANCE + ": the task is offered to "
                        + "[role:fuel_clerk, user:li.clerk] (rules fired: [])");
        assertNothingWritten();
    }

    @Test
    void pass_of_a_task_that_does_not_exist_is_refused_with_not_found() {
        assertThatThrownBy(() -> core.pass(404, CLERK, null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.details())
                        .containsExactly(entry("taskId", 404L), entry("user", "zhang.clerk")))
                .hasMessage("task 404 does not exist; list the open tasks with pendingTasks (plantflow pending --user U)");
        assertNothingWritten();
        verify(store, never()).lockInstance(anyLong());
        verify(decisions, never()).decide(any(), any(), anyCollection());
    }

    @Test
    void pass_of_a_task_that_is_no_longer_open_is_refused_with_task_not_open() {
        givenActivation(1, INSTANCE_ID, "draft", "USER_TASK", "COMPLETED", null, null);
        givenTask(100, 1, "COMPLETED", "PASS", "li.clerk");

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOfSatisfying(TaskNotOpenException.class, e -> {
                    assertThat(e.status()).isEqualTo(TaskStatus.COMPLETED);
                    assertThat(e.details()).containsExactly(entry("instanceId", INSTANCE_ID), entry("taskId", 100L),
                            entry("nodeId", "draft"), entry("templateKey", KEY), entry("businessKey", BUSINESS_KEY),
                            entry("user", "zhang.clerk"), entry("status", "COMPLETED"));
                })
                .hasMessage("task 100 at node 'draft' of instance 7 is already COMPLETED by li.clerk; nothing was "
                        + "changed: reload the pending list");
        assertNothingWritten();
        verify(decisions, never()).decide(any(), any(), anyCollection());
    }

    @Test
    void pass_with_a_comment_over_2000_characters_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.pass(100, CLERK, "x".repeat(2001)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsExactly(
                        entry("taskId", 100L), entry("user", "zhang.clerk"), entry("field", "comment"), entry("limit", 2000)))
                .hasMessage("comment is 2001 characters long, more than the 2000 allowed ('" + "x".repeat(40)
                        + "...'); shorten it");
        verify(store, never()).task(anyLong());
        assertNothingWritten();
    }

    @Test
    void pass_without_an_actor_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.pass(100, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details())
                        .containsExactly(entry("taskId", 100L), entry("field", "actor")))
                .hasMessage("actor must not be null; pass the user and the roles the host gives them (Actor.of(user, roles...))");
        verify(store, never()).task(anyLong());
        assertNothingWritten();
    }

    @Test
    void pass_by_a_user_id_over_100_characters_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.pass(100, Actor.of("u".repeat(101), "fuel_clerk"), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details())
                        .containsExactly(entry("taskId", 100L), entry("field", "actor user"), entry("limit", 100)))
                .hasMessage("actor user is 101 characters long, more than the 100 allowed ('" + "u".repeat(40)
                        + "...'); shorten it");
        verify(store, never()).task(anyLong());
        assertNothingWritten();
    }

    @Test
    void return_naming_a_blank_target_node_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.returnTask(100, CLERK, null, " "))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details())
                        .containsExactly(entry("taskId", 100L), entry("user", "zhang.clerk"), entry("field", "target node")))
                .hasMessage("target node must not be blank; use returnTask(task, actor, comment) to return to the "
                        + "previous manual node");
        verify(store, never()).task(anyLong());
        assertNothingWritten();
    }

    @Test
    void pass_of_a_task_whose_instance_is_gone_is_refused_with_not_found() {
        givenDraftOpen();
        instances.clear();

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.details())
                        .containsExactly(entry("instanceId", INSTANCE_ID), entry("taskId", 100L), entry("nodeId", "draft")))
                .hasMessage("instance 7 of task 100 does not exist");
        assertNothingWritten();
    }

    // ================================================================ multi-acceptor nodes

    @Test
    void pass_whose_complete_question_gets_no_node_outcome_leaves_the_activation_active_and_routes_nothing() {
        givenActivation(11, INSTANCE2_ID, "cosign", "USER_TASK", "ACTIVE", null, null);
        givenTask(210, 11, "OPEN", null, null, Candidate.user("li"));
        givenTask(211, 11, "OPEN", null, null, Candidate.user("zhao"));
        onAct(outcome(List.of("permit li"), new Permit("ok")));

        core.pass(210, Actor.of("li"), "signed");

        CompleteQuestion asked = question(CompleteQuestion.class);
        assertThat(asked.getNodeId()).isEqualTo("cosign");
        assertThat(asked.getMode()).isEqualTo("countersign");
        assertThat(List.of(asked.getTotal(), asked.getYes(), asked.getNo(), asked.getOpen())).containsExactly(2, 1, 0, 1);
        assertThat(factsOf(q -> q instanceof CompleteQuestion)).filteredOn(Vote.class::isInstance).map(Vote.class::cast)
                .extracting(Vote::getTaskId, Vote::getUser, Vote::getChoice)
                .containsExactly(tuple(210L, "li", "YES"), tuple(211L, null, "OPEN"));

        verify(decisions, never()).decide(any(), argThat(q -> q instanceof RouteQuestion), anyCollection());
        verify(store, never()).updateActivation(any());
        verify(store, never()).insertActivation(any());
        verify(store, never()).insertTask(any(), any());
        assertThat(activations.get(11L).status).hasToString("ACTIVE");
        assertThat(tasks.get(210L).status).hasToString("COMPLETED");
        assertThat(tasks.get(211L).status).hasToString("OPEN");
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("RUNNING");
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.action).isEqualTo("PASS");
            assertThat(h.fromNode).isEqualTo("cosign");
            assertThat(h.toNode).isNull();
            assertThat(h.decision).isEqualTo("'cosign' waits (countersign 1 yes, 1 open)");
        });
    }

    @Test
    void votes_given_to_the_completion_rules_name_who_each_task_was_offered_to() {
        givenActivation(11, INSTANCE2_ID, "cosign", "USER_TASK", "ACTIVE", null, null);
        givenTask(210, 11, "OPEN", null, null, Candidate.user("li"));
        givenTask(211, 11, "OPEN", null, null, Candidate.user("zhao"));
        onAct(outcome(List.of(), new Permit("ok")));

        core.pass(210, Actor.of("li"), null);

        assertThat(factsOf(q -> q instanceof CompleteQuestion)).filteredOn(Vote.class::isInstance).map(Vote.class::cast)
                .extracting(Vote::getTaskId, Vote::getOfferedTo)
                .containsExactly(tuple(210L, "user:li"), tuple(211L, "user:zhao"));
    }

    @Test
    void a_node_outcome_fail_completes_the_activation_as_failed_and_routes_with_outcome_fail() {
        givenCommittee("NO", "NO", "OPEN");
        onAct(outcome(List.of(), new Permit("ok")));
        onComplete(outcome(List.of("vote fails"), new NodeOutcome("fail")));
        onRoute("committee", outcome(List.of("on fail"), new Route("g4", "end_rejected")));

        core.pass(203, Actor.of("wu"), null);

        CompleteQuestion asked = question(CompleteQuestion.class);
        assertThat(List.of(asked.getTotal(), asked.getYes(), asked.getNo(), asked.getOpen())).containsExactly(3, 1, 2, 0);
        verify(decisions).decide(eq(KEY2), argThat(q -> q instanceof RouteQuestion r && r.getNodeId().equals("committee")
                && r.getAction().equals("PASS") && "fail".equals(r.getOutcome())), anyCollection());
        ActivationRow committee = activations.get(12L);
        assertThat(committee.status).hasToString("COMPLETED");
        assertThat(committee.outcome).isEqualTo("FAIL");
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("COMPLETED");
        assertThat(history).extracting(h -> h.action, h -> h.toNode).containsExactly(
                tuple("PASS", "end_rejected"), tuple("END", null));
        assertThat(history.get(0).decision).isEqualTo("'committee' completes: fail (vote 1 yes, 2 no, 0 open); "
                + "committee -> end_rejected via g4");
    }

    @Test
    void contradicting_node_outcomes_are_refused() {
        givenCommittee("PASS", "OPEN", "OPEN");
        onAct(outcome(List.of(), new Permit("ok")));
        onComplete(outcome(List.of("weighted pass", "veto"), new NodeOutcome("pass"), new NodeOutcome("fail")));

        assertThatThrownBy(() -> core.pass(202, Actor.of("zhou"), null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("contradicting outcomes for node 'committee' (Committee vote) of " + INSTANCE2
                        + ": [pass, fail]; make the completion rules agree (rules fired: [weighted pass, veto])");
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof RouteQuestion), anyCollection());
        verify(store, never()).updateActivation(any());
        verify(store, never()).insertHistory(any());
    }

    @Test
    void a_completed_vote_cancels_the_open_votes_runs_the_automatic_node_and_ends() throws Exception {
        Connection connection = mock(Connection.class);
        List<String> ran = new ArrayList<>();
        core = coreWith(Map.of("notifyErp", ctx -> ran.add(ctx.nodeId() + " of " + ctx.businessKey())), connection);
        givenCommittee("PASS", "OPEN", "OPEN");
        onAct(outcome(List.of(), new Permit("ok")));
        onComplete(outcome(List.of("two thirds"), new NodeOutcome("pass")));
        onRoute("committee", outcome(List.of(), new Route("g3", "notify")));
        onRoute("notify", outcome(List.of(), new Route("g5", "end_ok")));

        core.pass(202, Actor.of("zhou"), null);

        assertThat(ran).containsExactly("notify of CR-1");
        verify(connection).setSavepoint();
        assertThat(tasks.get(203L)).satisfies(t -> {
            assertThat(t.status).hasToString("CANCELLED");
            assertThat(t.outcome).isEqualTo("CANCELLED");
            assertThat(t.completedAt).isEqualTo(NOW);
            assertThat(t.completedBy).isNull();
        });
        assertThat(candidatesOf(203)).isEmpty();
        ActivationRow notify = activations.get(13L);
        assertThat(notify.nodeId).isEqualTo("notify");
        assertThat(notify.status).hasToString("COMPLETED");
        assertThat(notify.outcome).isEqualTo("PASS");
        assertThat(notify.previousActivationId).isEqualTo(12L);
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("COMPLETED");
        assertThat(history).extracting(h -> h.action, h -> h.actor, h -> h.fromNode, h -> h.toNode).containsExactly(
                tuple("PASS", "zhou", "committee", "end_ok"),
                tuple("AUTO", "engine", "notify", null),
                tuple("END", "engine", "end_ok", null));
        assertThat(history.get(0).decision).isEqualTo("'committee' completes: pass (vote 2 yes, 1 open); cancelled open "
                + "task(s) [203]; committee -> notify via g3; notify -> end_ok via g5");
        assertThat(history.get(1).decision).isEqualTo("ran action 'notifyErp'");
    }

    @Test
    void an_automatic_node_whose_action_is_not_registered_is_left_failed_and_the_instance_keeps_running() {
        givenCommittee("PASS", "OPEN", "PASS");
        onAct(outcome(List.of(), new Permit("ok")));
        onComplete(outcome(List.of(), new NodeOutcome("pass")));
        onRoute("committee", outcome(List.of(), new Route("g3", "notify")));

        core.pass(202, Actor.of("zhou"), null);

        ActivationRow notify = activations.get(13L);
        assertThat(notify.status).hasToString("FAILED");
        assertThat(notify.errorText).isEqualTo("no action named 'notifyErp' is registered; register it with "
                + "ApprovalEngineBuilder.action(\"notifyErp\", ...) or as a Spring bean of type ApprovalAction named "
                + "notifyErp, then retry");
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("RUNNING");
        assertThat(history).extracting(h -> h.action, h -> h.toNode).containsExactly(
                tuple("PASS", "notify"), tuple("ACTION_FAILED", null));
        assertThat(history.get(1).decision).isEqualTo(notify.errorText);
    }

    // ================================================================ return

    @Test
    void return_to_an_explicit_target_not_on_the_path_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of("permit gm"), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(102, GM, "wrong numbers", "end"))
                .isInstanceOfSatisfying(IllegalOperationException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE_ID), entry("taskId", 102L), entry("nodeId", "approve"),
                        entry("templateKey", KEY), entry("templateVersion", 1), entry("businessKey", BUSINESS_KEY),
                        entry("user", "chen.gm")))
                .hasMessage("cannot return task 102 at node 'approve' (General manager approval) of " + INSTANCE
                        + " to node 'end': it is not a manual node on the path taken to this task (path, newest first: "
                        + "review <- draft); choose one of [review, draft]");
        assertNothingWritten();
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof ReturnQuestion), anyCollection());
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof AssignQuestion), anyCollection());
    }

    @Test
    void return_to_a_gateway_on_the_path_is_refused_as_not_a_manual_node() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, "amount_check"))
                .isInstanceOf(IllegalOperationException.class)
                .hasMessageContaining("to node 'amount_check': it is not a manual node on the path taken");
        assertNothingWritten();
    }

    @Test
    void return_of_the_first_manual_task_is_refused_before_any_write() {
        givenDraftOpen();
        onAct(outcome(List.of(), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(100, CLERK, null, null))
                .isInstanceOf(IllegalOperationException.class)
                .hasMessage("cannot return task 100 at node 'draft' (Draft purchase contract) of " + INSTANCE
                        + ": it is the first manual node, there is no earlier node to return to");
        assertNothingWritten();
    }

    @Test
    void return_where_the_rules_answer_two_different_targets_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of("permit gm"), new Permit("ok")));
        onReturn(outcome(List.of("back one", "back to start"), new ReturnTo("review"), new ReturnTo("draft")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                        .containsExactly("permit gm", "back one", "back to start"))
                .hasMessage("contradicting answers returning task 102 at node 'approve' (General manager approval) of "
                        + INSTANCE + ": [review, draft]; make the return rules agree "
                        + "(rules fired: [permit gm, back one, back to start])");
        assertNothingWritten();
    }

    @Test
    void return_where_no_rule_answers_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of("permit gm"), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule answered where to go returning task 102 at node 'approve' (General manager "
                        + "approval) of " + INSTANCE + "; add a rule that inserts a ReturnTo (rules fired: [permit gm])");
        assertNothingWritten();
    }

    @Test
    void return_where_the_rules_choose_a_node_off_the_path_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));
        onReturn(outcome(List.of("back to start"), new ReturnTo("start")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE_ID), entry("taskId", 102L), entry("nodeId", "approve"),
                        entry("templateKey", KEY), entry("templateVersion", 1), entry("businessKey", BUSINESS_KEY),
                        entry("user", "chen.gm"), entry("rulesFired", List.of("back to start"))))
                .hasMessage("the return rules chose node 'start' returning task 102 at node 'approve' (General manager "
                        + "approval) of " + INSTANCE + ", which is not a manual node on the path taken (review <- draft) "
                        + "(rules fired: [back to start])");
        assertNothingWritten();
    }

    @Test
    void return_gives_the_rules_the_path_taken_newest_first_and_the_task() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));
        onReturn(outcome(List.of(), new ReturnTo("review")));
        onAssign("review", outcome(List.of(), Candidate.user("wang.manager")));

        core.returnTask(102, GM, null, null);

        List<Object> facts = factsOf(q -> q instanceof ReturnQuestion);
        assertThat(facts).filteredOn(PathStep.class::isInstance).map(PathStep.class::cast)
                .extracting(PathStep::getDepth, PathStep::getNodeId, PathStep::isManual, PathStep::getCompletedBy)
                .containsExactly(
                        tuple(1, "amount_check", false, null),
                        tuple(2, "review", true, "wang.manager"),
                        tuple(3, "draft", true, "zhang.clerk"));
        assertThat(facts).filteredOn(Task.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Task.class, t -> assertThat(t.getId()).isEqualTo(102L));
    }

    @Test
    void return_path_steps_name_the_tasks_that_completed_each_earlier_node() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));
        onReturn(outcome(List.of(), new ReturnTo("review")));
        onAssign("review", outcome(List.of(), Candidate.user("wang.manager")));

        core.returnTask(102, GM, null, null);

        assertThat(factsOf(q -> q instanceof ReturnQuestion)).filteredOn(PathStep.class::isInstance)
                .map(PathStep.class::cast).filteredOn(PathStep::isManual)
                .extracting(PathStep::getNodeId, PathStep::getTaskId)
                .containsExactly(tuple("review", 101L), tuple("draft", 100L));
    }

    @Test
    void return_recreates_the_target_node_for_whoever_completed_it_linked_to_the_targets_predecessor() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of("permit gm"), new Permit("holds role general_manager")));
        onReturn(outcome(List.of("back one"), new ReturnTo("review")));
        onAssign("review", outcome(List.of("back to previous actor"), Candidate.user("wang.manager")));

        long id = core.returnTask(102, GM, "price too high", null);

        assertThat(id).isEqualTo(INSTANCE_ID);
        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        verify(decisions, times(3)).decide(eq(KEY), questions.capture(), anyCollection());
        assertThat(questions.getAllValues().get(0)).isInstanceOfSatisfying(ActQuestion.class,
                a -> assertThat(a.getAction()).isEqualTo("RETURN"));
        assertThat(questions.getAllValues().get(1)).isInstanceOfSatisfying(ReturnQuestion.class,
                r -> assertThat(r.getNodeId()).isEqualTo("approve"));
        assertThat(questions.getAllValues().get(2)).isInstanceOfSatisfying(AssignQuestion.class, a -> {
            assertThat(a.getNodeId()).isEqualTo("review");
            assertThat(a.isReturned()).isTrue();
            assertThat(a.getPreviousActor()).isEqualTo("wang.manager");
        });

        InOrder order = inOrder(store);
        order.verify(store).updateTask(argThat(t -> t.id == 102));
        order.verify(store).updateActivation(argThat(a -> a.id == 4));
        order.verify(store).insertActivation(any());
        order.verify(store).insertTask(any(), any());
        order.verify(store).insertHistory(any());
        order.verify(store).updateInstance(argThat(r -> r.id == INSTANCE_ID));
        verify(store, times(1)).updateTask(any());
        verify(store, times(1)).updateActivation(any());

        TaskRow approve = tasks.get(102L);
        assertThat(approve.status).hasToString("RETURNED");
        assertThat(approve.outcome).isEqualTo("RETURN");
        assertThat(approve.completedBy).isEqualTo("chen.gm");
        assertThat(approve.completedAt).isEqualTo(NOW);
        assertThat(activations.get(4L).status).hasToString("RETURNED");
        assertThat(activations.get(4L).outcome).isEqualTo("RETURN");

        ActivationRow again = activations.get(5L);
        assertThat(again.nodeId).isEqualTo("review");
        assertThat(again.status).hasToString("ACTIVE");
        assertThat(again.previousActivationId).as("the target's predecessor, so the path stays the one taken").isEqualTo(1L);
        assertThat(again.region).isNull();
        TaskRow recreated = tasks.get(103L);
        assertThat(recreated.nodeId).isEqualTo("review");
        assertThat(recreated.nodeName).isEqualTo("Fuel manager review");
        assertThat(recreated.status).hasToString("OPEN");
        assertThat(recreated.activationId).isEqualTo(5L);
        assertThat(candidatesOf(103)).containsExactly("U:wang.manager");

        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.action).isEqualTo("RETURN");
            assertThat(h.taskId).isEqualTo(102L);
            assertThat(h.actor).isEqualTo("chen.gm");
            assertThat(h.commentText).isEqualTo("price too high");
            assertThat(h.fromNode).isEqualTo("approve");
            assertThat(h.toNode).isEqualTo("review");
            assertThat(h.rulesFired).isEqualTo("permit gm; back one; back to previous actor");
            assertThat(h.decision).isEqualTo("return to 'review'; offer 'review' to [user:wang.manager]");
        });
    }

    @Test
    void return_to_an_explicit_target_skips_the_return_rules_and_reassigns_the_earlier_actor() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));
        onAssign("draft", outcome(List.of(), Candidate.user("zhang.clerk")));

        core.returnTask(102, GM, null, "draft");

        verify(decisions, never()).decide(any(), argThat(q -> q instanceof ReturnQuestion), anyCollection());
        verify(decisions).decide(eq(KEY), argThat(q -> q instanceof AssignQuestion a && a.isReturned()
                && "zhang.clerk".equals(a.getPreviousActor()) && a.getNodeId().equals("draft")), anyCollection());
        assertThat(tasks.get(103L).nodeId).isEqualTo("draft");
        assertThat(candidatesOf(103)).containsExactly("U:zhang.clerk");
        assertThat(activations.get(5L).previousActivationId).isNull();
        assertThat(history.get(0).decision).isEqualTo("return to 'draft' chosen by chen.gm; offer 'draft' to "
                + "[user:zhang.clerk]");
    }

    @Test
    void return_with_no_candidate_for_the_recreated_task_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));
        onReturn(outcome(List.of(), new ReturnTo("review")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, null))
                .isInstanceOf(DecisionException.class)
                .hasMessageStartingWith("no rule offered the task at node 'review' (Fuel manager review) of " + INSTANCE);
        assertNothingWritten();
    }

    @Test
    void return_without_a_permit_is_refused_before_asking_where_to() {
        givenPathDraftReviewApprove();

        assertThatThrownBy(() -> core.returnTask(102, CLERK, null, "draft"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("user 'zhang.clerk' with roles [fuel_clerk] may not return task 102 at node "
                        + "'approve' (General manager approval) of " + INSTANCE + ": the task is offered to "
                        + "[role:general_manager]");
        assertNothingWritten();
    }

    @Test
    void return_in_a_vote_counts_as_a_no_vote_and_does_not_ask_where_to_return() {
        givenCommittee("OPEN", "OPEN", "OPEN");
        onAct(outcome(List.of("permit sun"), new Permit("ok")));

        core.returnTask(201, Actor.of("sun"), "against", null);

        TaskRow sun = tasks.get(201L);
        assertThat(sun.status).hasToString("COMPLETED");
        assertThat(sun.outcome).isEqualTo("NO");
        assertThat(sun.completedBy).isEqualTo("sun");
        CompleteQuestion asked = question(CompleteQuestion.class);
        assertThat(List.of(asked.getTotal(), asked.getYes(), asked.getNo(), asked.getOpen())).containsExactly(3, 0, 1, 2);
        assertThat(factsOf(q -> q instanceof CompleteQuestion)).filteredOn(Vote.class::isInstance).map(Vote.class::cast)
                .extracting(Vote::getTaskId, Vote::getChoice)
                .containsExactly(tuple(201L, "NO"), tuple(202L, "OPEN"), tuple(203L, "OPEN"));
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof ReturnQuestion), anyCollection());
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof AssignQuestion), anyCollection());
        verify(store, never()).insertActivation(any());
        assertThat(activations.get(12L).status).hasToString("ACTIVE");
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.action).isEqualTo("RETURN");
            assertThat(h.taskId).isEqualTo(201L);
            assertThat(h.commentText).isEqualTo("against");
            assertThat(h.toNode).isNull();
            assertThat(h.decision).isEqualTo("return counted as a no vote; 'committee' waits (vote 0 yes, 1 no, 2 open)");
        });
    }

    @Test
    void return_in_a_vote_naming_a_target_node_is_refused_before_any_write() {
        givenCommittee("OPEN", "OPEN", "OPEN");
        onAct(outcome(List.of(), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(201, Actor.of("sun"), null, "cosign"))
                .isInstanceOfSatisfying(IllegalOperationException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE2_ID), entry("taskId", 201L), entry("nodeId", "committee"),
                        entry("templateKey", KEY2), entry("templateVersion", 1), entry("businessKey", "CR-1"),
                        entry("user", "sun")))
                .hasMessage("task 201 at node 'committee' (Committee vote) of " + INSTANCE2 + " is a vote: a return "
                        + "counts as a no vote and cannot name a target node");
        assertNothingWritten();
    }

    // ================================================================ deadlines

    @Test
    void handle_deadline_returns_null_when_the_task_is_no_longer_claimed_by_the_caller() {
        TaskRow approve = givenPathDraftReviewApprove();
        overdue(approve, "sweeper-2");

        assertThat(core.handleDeadline(102, "sweeper-1", NOW)).isNull();

        assertNothingWritten();
        verify(decisions, never()).decide(any(), any(), anyCollection());
    }

    @Test
    void handle_deadline_returns_null_for_a_task_that_closed_or_is_not_due_or_does_not_exist() {
        TaskRow approve = givenPathDraftReviewApprove();
        overdue(approve, "sweeper-1");
        tasks.get(102L).dueAt = NOW.plusMinutes(1);
        assertThat(core.handleDeadline(102, "sweeper-1", NOW)).as("not due yet").isNull();
        tasks.get(102L).dueAt = NOW.minusMinutes(1);
        tasks.get(102L).status = TaskStatus.COMPLETED;
        assertThat(core.handleDeadline(102, "sweeper-1", NOW)).as("closed").isNull();
        assertThat(core.handleDeadline(999, "sweeper-1", NOW)).as("unknown").isNull();

        assertNothingWritten();
        verify(decisions, never()).decide(any(), any(), anyCollection());
    }

    @Test
    void handle_deadline_remind_clears_the_due_time_and_the_claim_and_writes_a_remind_history_row() {
        TaskRow approve = givenPathDraftReviewApprove();
        overdue(approve, "sweeper-1");
        onDeadline(outcome(List.of("remind"), DeadlineAction.remind("please approve the fuel contract")));

        EngineCore.DeadlineOutcome out = core.handleDeadline(102, "sweeper-1", NOW);

        assertThat(out).isEqualTo(new EngineCore.DeadlineOutcome(102, DeadlineAction.Kind.REMIND,
                "please approve the fuel contract"));
        DeadlineQuestion asked = question(DeadlineQuestion.class);
        assertThat(asked.getTaskId()).isEqualTo(102L);
        assertThat(asked.getNodeId()).isEqualTo("approve");
        assertThat(asked.getMode()).isEqualTo("single");
        assertThat(asked.getOverdueMinutes()).isEqualTo(90);
        assertThat(factsOf(q -> q instanceof DeadlineQuestion)).filteredOn(Candidate.class::isInstance)
                .containsExactly(Candidate.role("general_manager"));
        TaskRow t = tasks.get(102L);
        assertThat(t.status).hasToString("OPEN");
        assertThat(t.dueAt).isNull();
        assertThat(t.claimedBy).isNull();
        assertThat(t.claimedUntil).isNull();
        assertThat(candidatesOf(102)).containsExactly("R:general_manager");
        verify(store, never()).replaceCandidates(anyLong(), any());
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.action).isEqualTo("REMIND");
            assertThat(h.actor).isEqualTo("engine");
            assertThat(h.taskId).isEqualTo(102L);
            assertThat(h.commentText).isEqualTo("please approve the fuel contract");
            assertThat(h.fromNode).isEqualTo("approve");
            assertThat(h.toNode).isNull();
            assertThat(h.rulesFired).isEqualTo("remind");
            assertThat(h.decision).isEqualTo("deadline of task 102: DeadlineAction(REMIND)");
        });
    }

    @Test
    void handle_deadline_with_a_next_deadline_sets_the_task_due_again() {
        TaskRow approve = givenPathDraftReviewApprove();
        overdue(approve, "sweeper-1");
        onDeadline(outcome(List.of(), DeadlineAction.remind("again").withNextDeadline(Duration.ofHours(4))));

        core.handleDeadline(102, "sweeper-1", NOW);

        assertThat(tasks.get(102L).dueAt).isEqualTo(NOW.plusHours(4));
        assertThat(tasks.get(102L).claimedBy).isNull();
    }

    @Test
    void handle_deadline_escalate_replaces_the_candidates_of_the_task() {
        TaskRow approve = givenPathDraftReviewApprove();
        overdue(approve, "sweeper-1");
        onDeadline(outcome(List.of("escalate"), DeadlineAction.escalateToRole("plant_leader")));

        EngineCore.DeadlineOutcome out = core.handleDeadline(102, "sweeper-1", NOW);

        assertThat(out.kind()).isEqualTo(DeadlineAction.Kind.ESCALATE);
        verify(store).replaceCandidates(eq(102L), argThat(c -> c.size() == 1));
        assertThat(candidatesOf(102)).containsExactly("R:plant_leader");
        TaskRow t = tasks.get(102L);
        assertThat(t.status).hasToString("OPEN");
        assertThat(t.claimedBy).isNull();
        assertThat(t.dueAt).isNull();
        assertThat(history).singleElement().satisfies(h -> {
            assertThat(h.action).isEqualTo("ESCALATE");
            assertThat(h.actor).isEqualTo("engine");
            assertThat(h.commentText).isEqualTo("deadline passed: escalated to role plant_leader");
            assertThat(h.decision).isEqualTo("deadline of task 102: DeadlineAction(ESCALATE role:plant_leader); "
                    + "task 102 offered to role:plant_leader");
        });
    }

    @Test
    void handle_deadline_fail_vote_cancels_the_open_votes_and_routes_with_outcome_fail() {
        givenCommittee("PASS", "OPEN", "OPEN");
        overdue(tasks.get(202L), "sweeper-1");
        onDeadline(outcome(List.of("vote fails"), DeadlineAction.failVote()));
        onRoute("committee", outcome(List.of(), new Route("g4", "end_rejected")));

        EngineCore.DeadlineOutcome out = core.handleDeadline(202, "sweeper-1", NOW);

        assertThat(out.kind()).isEqualTo(DeadlineAction.Kind.FAIL_VOTE);
        assertThat(question(DeadlineQuestion.class).getMode()).isEqualTo("vote");
        verify(decisions).decide(eq(KEY2), argThat(q -> q instanceof RouteQuestion r && "fail".equals(r.getOutcome())),
                anyCollection());
        assertThat(tasks.values()).filteredOn(t -> t.activationId == 12L).extracting(t -> t.id, t -> t.status.name())
                .containsExactly(tuple(201L, "COMPLETED"), tuple(202L, "CANCELLED"), tuple(203L, "CANCELLED"));
        assertThat(activations.get(12L).outcome).isEqualTo("FAIL");
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("COMPLETED");
        assertThat(history).extracting(h -> h.action).containsExactly("FAIL_VOTE", "END");
    }

    // ================================================================ retry

    @Test
    void retry_runs_the_failed_automatic_node_again_and_moves_on_when_it_succeeds() {
        Connection connection = mock(Connection.class);
        core = coreWith(Map.of("notifyErp", ctx -> { }), connection);
        givenNotifyFailed();
        onRoute("notify", outcome(List.of("after notify"), new Route("g5", "end_ok")));

        assertThat(core.retry(INSTANCE2_ID)).isEqualTo(1);

        verify(store).lockInstance(INSTANCE2_ID);
        ActivationRow notify = activations.get(13L);
        assertThat(notify.status).hasToString("COMPLETED");
        assertThat(notify.errorText).isNull();
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("COMPLETED");
        assertThat(history).extracting(h -> h.action, h -> h.fromNode, h -> h.toNode).containsExactly(
                tuple("RETRY", "notify", "end_ok"), tuple("AUTO", "notify", null), tuple("END", "end_ok", null));
        verify(decisions).decide(eq(KEY2), argThat(q -> q instanceof RouteQuestion r && r.getNodeId().equals("notify")
                && r.getAction().equals("ROUTE") && "pass".equals(r.getOutcome())), anyCollection());
    }

    @Test
    void retry_whose_action_fails_again_undoes_its_writes_and_keeps_the_node_failed() throws Exception {
        Connection connection = mock(Connection.class);
        core = coreWith(Map.of("notifyErp", ctx -> {
            throw new IllegalStateException("ERP down");
        }), connection);
        givenNotifyFailed();

        assertThat(core.retry(INSTANCE2_ID)).isZero();

        verify(connection).rollback(any());
        ActivationRow notify = activations.get(13L);
        assertThat(notify.status).hasToString("FAILED");
        assertThat(notify.errorText).isEqualTo("action 'notifyErp' failed: IllegalStateException: ERP down");
        assertThat(instances.get(INSTANCE2_ID).status).hasToString("RUNNING");
        assertThat(history).extracting(h -> h.action).containsExactly("RETRY", "ACTION_FAILED");
        verify(decisions, never()).decide(any(), argThat(q -> q instanceof RouteQuestion), anyCollection());
    }

    @Test
    void retry_of_an_instance_without_a_failed_node_is_refused() {
        givenCommittee("OPEN", "OPEN", "OPEN");

        assertThatThrownBy(() -> core.retry(INSTANCE2_ID))
                .isInstanceOfSatisfying(IllegalOperationException.class, e -> assertThat(e.details()).containsExactly(
                        entry("instanceId", INSTANCE2_ID), entry("templateKey", KEY2), entry("templateVersion", 1),
                        entry("businessKey", "CR-1")))
                .hasMessage(INSTANCE2 + " has no failed automatic node to retry");
        assertThatThrownBy(() -> core.retry(99))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.details())
                        .containsExactly(entry("instanceId", 99L)))
                .hasMessage("instance 99 does not exist");
        assertNothingWritten();
    }

    // ================================================================ helpers: fixtures

    private static TemplateRow template(long id, String key, String name) {
        TemplateRow t = new TemplateRow();
        t.id = id;
        t.templateKey = key;
        t.templateVersion = 1;
        t.name = name;
        return t;
    }

    private static NodeRow node(long templateId, String id, String type, String name, String roles) {
        NodeRow n = new NodeRow();
        n.templateId = templateId;
        n.nodeId = id;
        n.nodeType = type;
        n.name = name;
        n.roles = roles;
        return n;
    }

    private static EdgeRow edge(long templateId, String id, String from, String to, String outcome) {
        EdgeRow e = new EdgeRow();
        e.templateId = templateId;
        e.edgeId = id;
        e.sourceNode = from;
        e.targetNode = to;
        e.outcome = outcome;
        return e;
    }

    private static EdgeRow defaultFlow(EdgeRow e) {
        e.isDefault = 1;
        return e;
    }

    private static InstanceRow runningInstance() {
        InstanceRow i = new InstanceRow();
        i.id = INSTANCE_ID;
        i.templateId = TEMPLATE_ID;
        i.templateKey = KEY;
        i.businessKey = BUSINESS_KEY;
        i.runningKey = KEY + "/" + BUSINESS_KEY;
        i.status = InstanceStatus.RUNNING;
        i.initiator = "zhang.clerk";
        i.variables = "{\"amount\":120000}";
        i.startedAt = NOW.minusDays(1);
        return i;
    }

    private void givenInstance(long id) {
        if (instances.containsKey(id)) {
            return;
        }
        InstanceRow i = runningInstance();
        if (id == INSTANCE2_ID) {
            i.id = INSTANCE2_ID;
            i.templateId = TEMPLATE2_ID;
            i.templateKey = KEY2;
            i.businessKey = "CR-1";
            i.runningKey = KEY2 + "/CR-1";
            i.initiator = "li";
            i.variables = "{}";
        }
        instances.put(id, i);
    }

    private ActivationRow givenActivation(long id, long instanceId, String nodeId, String type, String status,
                                          Long previous, String region) {
        givenInstance(instanceId);
        ActivationRow a = new ActivationRow();
        a.id = id;
        a.instanceId = instanceId;
        a.nodeId = nodeId;
        a.nodeType = type;
        a.status = ActivationStatus.valueOf(status);
        a.outcome = "COMPLETED".equals(status) && "USER_TASK".equals(type) ? "PASS" : null;
        a.previousActivationId = previous;
        a.region = region;
        a.createdAt = NOW.minusHours(3);
        a.completedAt = "COMPLETED".equals(status) ? NOW.minusHours(2) : null;
        activations.put(id, a);
        return a;
    }

    /** A task of an activation; open tasks keep their candidates, closed ones lost them (as in the database). */
    private TaskRow givenTask(long id, long activationId, String status, String outcome, String completedBy,
                              Candidate... offeredTo) {
        ActivationRow a = activations.get(activationId);
        TaskRow t = new TaskRow();
        t.id = id;
        t.instanceId = a.instanceId;
        t.activationId = activationId;
        t.nodeId = a.nodeId;
        t.status = TaskStatus.valueOf(status);
        t.outcome = outcome;
        t.completedBy = completedBy;
        t.completedAt = completedBy == null ? null : NOW.minusHours(2);
        t.createdAt = NOW.minusHours(3);
        t.offeredTo = offeredTo.length == 0 ? null : String.join(",", Arrays.stream(offeredTo).map(Candidate::toString).toList());
        tasks.put(id, t);
        candidates.put(id, "OPEN".equals(status) ? new ArrayList<>(Arrays.stream(offeredTo)
                .map(c -> new CandidateRow(id, c.isRole() ? CandidateKind.ROLE : CandidateKind.USER, c.getValue())).toList()) : new ArrayList<>());
        return copy(t, true);
    }

    private void givenDraftOpen() {
        givenActivation(1, INSTANCE_ID, "draft", "USER_TASK", "ACTIVE", null, null);
        givenTask(100, 1, "OPEN", null, null, Candidate.role("fuel_clerk"));
    }

    /**
     * draft (activation 1, task 100 by zhang.clerk) -> review (2, task 101 by wang.manager) -> amount_check (3,
     * gateway) -> approve (4, in region amount_check@3, task 102 open for role general_manager).
     */
    private TaskRow givenPathDraftReviewApprove() {
        givenActivation(1, INSTANCE_ID, "draft", "USER_TASK", "COMPLETED", null, null);
        givenTask(100, 1, "COMPLETED", "PASS", "zhang.clerk");
        givenActivation(2, INSTANCE_ID, "review", "USER_TASK", "COMPLETED", 1L, null);
        givenTask(101, 2, "COMPLETED", "PASS", "wang.manager");
        givenActivation(3, INSTANCE_ID, "amount_check", "EXCLUSIVE_GATEWAY", "COMPLETED", 2L, null);
        givenActivation(4, INSTANCE_ID, "approve", "USER_TASK", "ACTIVE", 3L, "amount_check@3");
        return givenTask(102, 4, "OPEN", null, null, Candidate.role("general_manager"));
    }

    /**
     * Instance 8: cosign (activation 11) completed by li and zhao, then committee (12) with the votes of sun (201),
     * zhou (202) and wu (203) in the given states: OPEN, PASS (a yes) or NO.
     */
    private void givenCommittee(String sun, String zhou, String wu) {
        givenActivation(11, INSTANCE2_ID, "cosign", "USER_TASK", "COMPLETED", null, null);
        givenTask(210, 11, "COMPLETED", "PASS", "li");
        givenTask(211, 11, "COMPLETED", "PASS", "zhao");
        givenActivation(12, INSTANCE2_ID, "committee", "USER_TASK", "ACTIVE", 11L, null);
        String[] users = {"sun", "zhou", "wu"};
        String[] states = {sun, zhou, wu};
        for (int i = 0; i < 3; i++) {
            boolean open = states[i].equals("OPEN");
            givenTask(201 + i, 12, open ? "OPEN" : "COMPLETED", open ? null : states[i], open ? null : users[i],
                    Candidate.user(users[i]));
        }
    }

    /** Instance 8 after the committee passed: notify (activation 13) failed. */
    private void givenNotifyFailed() {
        givenCommittee("PASS", "PASS", "PASS");
        activations.get(12L).status = ActivationStatus.COMPLETED;
        ActivationRow notify = givenActivation(13, INSTANCE2_ID, "notify", "SERVICE_TASK", "FAILED", 12L, null);
        notify.errorText = "action 'notifyErp' failed: IllegalStateException: ERP down";
    }

    /** The task was due 90 minutes ago and the sweeper {@code owner} claimed it. */
    private void overdue(TaskRow task, String owner) {
        TaskRow t = tasks.get(task.id);
        t.dueAt = NOW.minusMinutes(90);
        t.claimedBy = owner;
        t.claimedUntil = NOW.plusMinutes(5);
    }

    private List<String> candidatesOf(long taskId) {
        return candidates.getOrDefault(taskId, List.of()).stream().map(c -> c.kind.code() + ":" + c.candidate).toList();
    }

    private void assertNothingWritten() {
        verify(store, never()).insertTemplate(any(), any(), any());
        verify(store, never()).insertInstance(any());
        verify(store, never()).updateInstance(any());
        verify(store, never()).insertActivation(any());
        verify(store, never()).updateActivation(any());
        verify(store, never()).insertTask(any(), any());
        verify(store, never()).updateTask(any());
        verify(store, never()).replaceCandidates(anyLong(), any());
        verify(store, never()).insertHistory(any());
    }

    // ================================================================ helpers: the store double

    /** Answers of the Store mock, over the maps above, as the Store contract describes. */
    private void wireStore() {
        lenient().when(store.instance(anyLong())).thenAnswer(inv -> copy(instances.get(inv.<Long>getArgument(0))));
        lenient().when(store.lockInstance(anyLong())).thenAnswer(inv -> copy(instances.get(inv.<Long>getArgument(0))));
        lenient().doAnswer(inv -> {
            InstanceRow r = inv.getArgument(0);
            r.id = INSTANCE_ID;
            instances.put(r.id, copy(r));
            return null;
        }).when(store).insertInstance(any());
        lenient().doAnswer(inv -> {
            InstanceRow r = inv.getArgument(0);
            r.version++;
            instances.put(r.id, copy(r));
            return null;
        }).when(store).updateInstance(any());

        lenient().when(store.activation(anyLong())).thenAnswer(inv -> copy(activations.get(inv.<Long>getArgument(0))));
        lenient().when(store.liveActivations(anyLong())).thenAnswer(inv -> activations.values().stream()
                .filter(a -> a.instanceId == inv.<Long>getArgument(0))
                .filter(a -> a.status.isLive()).map(EngineCoreTest::copy).toList());
        lenient().when(store.joinActivation(anyLong(), any(), any())).thenAnswer(inv -> activations.values().stream()
                .filter(a -> a.instanceId == inv.<Long>getArgument(0) && a.nodeId.equals(inv.getArgument(1))
                        && java.util.Objects.equals(a.joinKey, inv.getArgument(2)))
                .max(Comparator.comparingLong(a -> a.id)).map(EngineCoreTest::copy).orElse(null));
        lenient().doAnswer(inv -> {
            ActivationRow a = inv.getArgument(0);
            a.id = activations.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            activations.put(a.id, copy(a));
            return null;
        }).when(store).insertActivation(any());
        lenient().doAnswer(inv -> {
            ActivationRow a = inv.getArgument(0);
            a.version++;
            activations.put(a.id, copy(a));
            return null;
        }).when(store).updateActivation(any());

        lenient().when(store.task(anyLong())).thenAnswer(inv -> {
            TaskRow t = tasks.get(inv.<Long>getArgument(0));
            return t == null ? null : copy(t, true);
        });
        lenient().when(store.tasksOfActivation(anyLong())).thenAnswer(inv -> tasks.values().stream()
                .filter(t -> t.activationId == inv.<Long>getArgument(0).longValue())
                .sorted(Comparator.comparingLong(t -> t.id)).map(t -> copy(t, false)).toList());
        lenient().doAnswer(inv -> {
            TaskRow t = inv.getArgument(0);
            Collection<CandidateRow> cs = inv.getArgument(1);
            t.id = Math.max(99, tasks.keySet().stream().mapToLong(Long::longValue).max().orElse(0)) + 1;
            tasks.put(t.id, copy(t, false));
            candidates.put(t.id, new ArrayList<>(cs.stream().map(c -> new CandidateRow(t.id, c.kind, c.candidate)).toList()));
            return null;
        }).when(store).insertTask(any(), any());
        lenient().doAnswer(inv -> {
            TaskRow t = inv.getArgument(0);
            t.version++;
            tasks.put(t.id, copy(t, false));
            if (t.status != TaskStatus.OPEN) {
                candidates.put(t.id, new ArrayList<>());
            }
            return null;
        }).when(store).updateTask(any());
        lenient().doAnswer(inv -> {
            long id = inv.getArgument(0);
            Collection<CandidateRow> cs = inv.getArgument(1);
            candidates.put(id, new ArrayList<>(cs.stream().map(c -> new CandidateRow(id, c.kind, c.candidate)).toList()));
            return null;
        }).when(store).replaceCandidates(anyLong(), any());
        lenient().doAnswer(inv -> {
            history.add(inv.getArgument(0));
            return null;
        }).when(store).insertHistory(any());
    }

    private static InstanceRow copy(InstanceRow r) {
        if (r == null) {
            return null;
        }
        InstanceRow c = new InstanceRow();
        c.id = r.id;
        c.templateId = r.templateId;
        c.templateKey = r.templateKey;
        c.businessKey = r.businessKey;
        c.runningKey = r.runningKey;
        c.status = r.status;
        c.initiator = r.initiator;
        c.variables = r.variables;
        c.startedAt = r.startedAt;
        c.endedAt = r.endedAt;
        c.version = r.version;
        return c;
    }

    private static ActivationRow copy(ActivationRow r) {
        if (r == null) {
            return null;
        }
        ActivationRow c = new ActivationRow();
        c.id = r.id;
        c.instanceId = r.instanceId;
        c.nodeId = r.nodeId;
        c.nodeType = r.nodeType;
        c.status = r.status;
        c.outcome = r.outcome;
        c.previousActivationId = r.previousActivationId;
        c.region = r.region;
        c.joinKey = r.joinKey;
        c.arrived = r.arrived;
        c.errorText = r.errorText;
        c.createdAt = r.createdAt;
        c.completedAt = r.completedAt;
        c.version = r.version;
        return c;
    }

    /** A copy of a task; Store.task(id) reads its candidates with it, list queries do not. */
    private TaskRow copy(TaskRow r, boolean withCandidates) {
        TaskRow c = new TaskRow();
        c.id = r.id;
        c.instanceId = r.instanceId;
        c.activationId = r.activationId;
        c.nodeId = r.nodeId;
        c.nodeName = r.nodeName;
        c.status = r.status;
        c.createdAt = r.createdAt;
        c.completedAt = r.completedAt;
        c.completedBy = r.completedBy;
        c.outcome = r.outcome;
        c.dueAt = r.dueAt;
        c.claimedBy = r.claimedBy;
        c.claimedUntil = r.claimedUntil;
        c.offeredTo = r.offeredTo;
        c.version = r.version;
        if (withCandidates) {
            c.candidates = new ArrayList<>(candidates.getOrDefault(r.id, List.of()).stream()
                    .map(x -> new CandidateRow(x.taskId, x.kind, x.candidate)).toList());
        }
        return c;
    }

    // ================================================================ helpers: the rules

    private static Outcome outcome(List<String> rulesFired, Object... answers) {
        return Outcome.of(List.of(answers), rulesFired);
    }

    private void onRoute(String fromNode, Outcome outcome) {
        when(decisions.decide(any(), argThat(q -> q instanceof RouteQuestion r && r.getNodeId().equals(fromNode)),
                anyCollection())).thenReturn(outcome);
    }

    private void onAssign(String nodeId, Outcome outcome) {
        when(decisions.decide(any(), argThat(q -> q instanceof AssignQuestion a && a.getNodeId().equals(nodeId)),
                anyCollection())).thenReturn(outcome);
    }

    private void onAct(Outcome outcome) {
        when(decisions.decide(any(), argThat(q -> q instanceof ActQuestion), anyCollection())).thenReturn(outcome);
    }

    private void onComplete(Outcome outcome) {
        when(decisions.decide(any(), argThat(q -> q instanceof CompleteQuestion), anyCollection())).thenReturn(outcome);
    }

    private void onReturn(Outcome outcome) {
        when(decisions.decide(any(), argThat(q -> q instanceof ReturnQuestion), anyCollection())).thenReturn(outcome);
    }

    private void onDeadline(Outcome outcome) {
        when(decisions.decide(any(), argThat(q -> q instanceof DeadlineQuestion), anyCollection())).thenReturn(outcome);
    }

    /** The first question of this type asked. */
    private <T> T question(Class<T> type) {
        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        verify(decisions, atLeastOnce()).decide(any(), questions.capture(), anyCollection());
        return questions.getAllValues().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " was asked: " + questions.getAllValues()));
    }

    /** The facts given with the first question the predicate picks. */
    @SuppressWarnings("unchecked")
    private List<Object> factsOf(Predicate<Object> question) {
        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        ArgumentCaptor<Collection<?>> facts = ArgumentCaptor.forClass(Collection.class);
        verify(decisions, atLeastOnce()).decide(any(), questions.capture(), facts.capture());
        List<Object> qs = questions.getAllValues();
        for (int i = 0; i < qs.size(); i++) {
            if (question.test(qs.get(i))) {
                return new ArrayList<>(facts.getAllValues().get(i));
            }
        }
        throw new AssertionError("no such question was asked: " + qs);
    }
}
