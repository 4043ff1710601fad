package org.plantflow.approval.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.Deny;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.Node;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
import org.plantflow.approval.internal.persistence.Store;

/**
 * EngineCore against doubles of its two ports. The template is a fuel contract:
 * start -f1-> draft -f2-> review -f3-> amount_check (exclusive gateway) -f5-> approve -f4-> end, with a
 * default flow f6 from amount_check to end. Every refused call must leave the store untouched.
 */
@ExtendWith(MockitoExtension.class)
class EngineCoreTest {
    static final long TEMPLATE_ID = 10;
    static final String KEY = "fuel-purchase-contract";
    static final long INSTANCE_ID = 7;
    static final String BUSINESS_KEY = "FPC-1";
    static final String INSTANCE = "instance 7 (fuel-purchase-contract v1, business key FPC-1)";
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

    @BeforeEach
    void setUp() {
        TemplateRow template = new TemplateRow();
        template.id = TEMPLATE_ID;
        template.templateKey = KEY;
        template.templateVersion = 1;
        template.name = "Fuel purchase contract approval";
        lenient().when(store.template(TEMPLATE_ID)).thenReturn(template);
        lenient().when(store.latestTemplate(KEY)).thenReturn(template);
        lenient().when(store.nodes(TEMPLATE_ID)).thenReturn(List.of(
                node("start", "START", "Contract drafted", null),
                node("draft", "USER_TASK", "Draft purchase contract", "fuel_clerk"),
                node("review", "USER_TASK", "Fuel manager review", "fuel_manager"),
                node("amount_check", "EXCLUSIVE_GATEWAY", "Amount check", null),
                node("approve", "USER_TASK", "General manager approval", "general_manager"),
                node("end", "END", "Contract approved", null)));
        lenient().when(store.edges(TEMPLATE_ID)).thenReturn(List.of(
                edge("f1", "start", "draft"),
                edge("f2", "draft", "review"),
                edge("f3", "review", "amount_check"),
                edge("f4", "approve", "end"),
                edge("f5", "amount_check", "approve"),
                edge("f6", "amount_check", "end")));
        // Rules that answer nothing unless a test says otherwise.
        lenient().when(decisions.decide(any(), anyCollection())).thenReturn(outcome(List.of()));
        Clock clock = Clock.fixed(NOW_INSTANT, ZoneOffset.UTC);
        core = new EngineCore(store, decisions, new TemplateRegistry(), clock);
    }

    // ================================================================ start

    @Test
    void start_asks_the_route_question_for_the_start_node_then_the_assign_question() {
        givenInsertsGetIds(INSTANCE_ID, 100L);
        onRoute("start", outcome(List.of("route start"), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of("offer draft"), Candidate.role("fuel_clerk")));

        core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("amount", 120_000));

        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        verify(decisions, times(2)).decide(questions.capture(), anyCollection());
        assertThat(questions.getAllValues()).satisfiesExactly(
                q -> assertThat(q).isInstanceOfSatisfying(RouteQuestion.class, r -> {
                    assertThat(r.getNodeId()).isEqualTo("start");
                    assertThat(r.getAction()).isEqualTo("START");
                }),
                q -> assertThat(q).isInstanceOfSatisfying(AssignQuestion.class, a -> {
                    assertThat(a.getNodeId()).isEqualTo("draft");
                    assertThat(a.isReturned()).isFalse();
                    assertThat(a.getPreviousActor()).isNull();
                }));
    }

    @Test
    void start_gives_the_rules_the_template_nodes_flows_instance_and_variables() {
        givenInsertsGetIds(INSTANCE_ID, 100L);
        onRoute("start", outcome(List.of(), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of(), Candidate.role("fuel_clerk")));

        core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("amount", 120_000));

        List<Object> facts = factsOf(q -> q instanceof RouteQuestion);
        assertThat(facts).filteredOn(Node.class::isInstance).map(f -> ((Node) f).getId())
                .containsExactly("start", "draft", "review", "amount_check", "approve", "end");
        assertThat(facts).filteredOn(Flow.class::isInstance).map(f -> ((Flow) f).getId())
                .containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
        assertThat(facts).filteredOn(Instance.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Instance.class, i -> {
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
    void start_inserts_the_instance_the_first_task_with_its_candidates_and_a_start_history_entry() {
        givenInsertsGetIds(INSTANCE_ID, 100L);
        onRoute("start", outcome(List.of("route start"), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of("offer draft"), Candidate.role("fuel_clerk"), Candidate.user("li.clerk")));

        long id = core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of("amount", 120_000));

        assertThat(id).isEqualTo(INSTANCE_ID);
        InOrder order = inOrder(store);
        ArgumentCaptor<InstanceRow> instance = ArgumentCaptor.forClass(InstanceRow.class);
        order.verify(store).insertInstance(instance.capture());
        InstanceRow i = instance.getValue();
        assertThat(i.templateId).isEqualTo(TEMPLATE_ID);
        assertThat(i.templateKey).isEqualTo(KEY);
        assertThat(i.businessKey).isEqualTo(BUSINESS_KEY);
        assertThat(i.runningKey).isEqualTo("fuel-purchase-contract/FPC-1");
        assertThat(i.status).isEqualTo("RUNNING");
        assertThat(i.initiator).isEqualTo("zhang.clerk");
        assertThat(i.variables).isEqualTo("{\"amount\":120000}");
        assertThat(i.startedAt).isEqualTo(NOW);
        assertThat(i.endedAt).isNull();
        assertThat(i.version).isZero();

        TaskRow task = verifyTaskInserted(order, List.of(candidateRow("R", "fuel_clerk"), candidateRow("U", "li.clerk")));
        assertThat(task.instanceId).isEqualTo(INSTANCE_ID);
        assertThat(task.nodeId).isEqualTo("draft");
        assertThat(task.nodeName).isEqualTo("Draft purchase contract");
        assertThat(task.status).isEqualTo("OPEN");
        assertThat(task.previousTaskId).isNull();
        assertThat(task.createdAt).isEqualTo(NOW);

        HistoryRow h = verifyHistory(order);
        assertThat(h.instanceId).isEqualTo(INSTANCE_ID);
        assertThat(h.taskId).isNull();
        assertThat(h.action).isEqualTo("START");
        assertThat(h.actor).isEqualTo("zhang.clerk");
        assertThat(h.commentText).isNull();
        assertThat(h.fromNode).isEqualTo("start");
        assertThat(h.toNode).isEqualTo("draft");
        assertThat(h.rulesFired).isEqualTo("route start; offer draft");
        assertThat(h.decision).isEqualTo("start -> draft via f1; offer 'draft' to [role:fuel_clerk, user:li.clerk]; task 100");
        assertThat(h.createdAt).isEqualTo(NOW);

        verify(store, times(1)).insertTask(any(), any());
        verify(store, times(1)).insertHistory(any());
        verify(store, never()).updateInstance(any());
        verify(store, never()).updateTask(any());
    }

    @Test
    void start_while_an_instance_for_the_business_key_is_running_is_refused_before_asking_the_rules() {
        InstanceRow running = runningInstance();
        when(store.runningInstance(KEY, BUSINESS_KEY)).thenReturn(running);

        assertThatThrownBy(() -> core.start(KEY, BUSINESS_KEY, "li.clerk", Map.of()))
                .isInstanceOf(InstanceAlreadyRunningException.class)
                .hasMessage("instance 7 of template 'fuel-purchase-contract' for business key 'FPC-1' is still running "
                        + "(started by zhang.clerk); finish it before starting another for the same business key");
        assertNothingWritten();
        verify(decisions, never()).decide(any(), anyCollection());
    }

    @Test
    void start_of_a_template_that_is_not_deployed_is_refused_with_not_found() {
        assertThatThrownBy(() -> core.start("no-such-template", BUSINESS_KEY, "zhang.clerk", Map.of()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no template with key 'no-such-template' is deployed; deploy its BPMN file first "
                        + "(plantflow deploy FILE, or ApprovalEngine.deploy)");
        assertNothingWritten();
    }

    @Test
    void start_without_candidates_for_the_first_task_is_refused_before_any_write() {
        onRoute("start", outcome(List.of("route start"), new Route("f1", "draft")));
        onAssign("draft", outcome(List.of()));

        assertThatThrownBy(() -> core.start(KEY, BUSINESS_KEY, "zhang.clerk", Map.of()))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule offered the task at node 'draft' (Draft purchase contract) of the instance being started "
                        + "(fuel-purchase-contract v1, business key FPC-1) to anyone (rules fired: [route start]); "
                        + "give the node approval:roles or approval:acceptors, or add an assignment rule");
        assertNothingWritten();
    }

    // ================================================================ pass

    @Test
    void pass_closes_the_task_and_opens_the_next_one_with_its_candidates() {
        TaskRow draft = givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        givenInsertsGetIds(INSTANCE_ID, 101L);
        onAct(outcome(List.of("permit clerk"), new Permit("holds role fuel_clerk")));
        onRoute("draft", outcome(List.of("route draft"), new Route("f2", "review")));
        onAssign("review", outcome(List.of("offer review"), Candidate.role("fuel_manager")));

        long id = core.pass(100, CLERK, "looks fine");

        assertThat(id).isEqualTo(INSTANCE_ID);
        InOrder order = inOrder(store);
        ArgumentCaptor<TaskRow> closed = ArgumentCaptor.forClass(TaskRow.class);
        order.verify(store).updateTask(closed.capture());
        assertThat(closed.getValue()).isSameAs(draft);
        assertThat(draft.status).isEqualTo("COMPLETED");
        assertThat(draft.completedBy).isEqualTo("zhang.clerk");
        assertThat(draft.completedAt).isEqualTo(NOW);
        assertThat(draft.outcome).isEqualTo("PASS");

        TaskRow next = verifyTaskInserted(order, List.of(candidateRow("R", "fuel_manager")));
        assertThat(next.nodeId).isEqualTo("review");
        assertThat(next.previousTaskId).isEqualTo(100L);
        assertThat(next.status).isEqualTo("OPEN");
        order.verify(store).updateInstance(argThat(r -> r.id == INSTANCE_ID));

        HistoryRow h = verifyHistory(order);
        assertThat(h.action).isEqualTo("PASS");
        assertThat(h.taskId).isEqualTo(100L);
        assertThat(h.actor).isEqualTo("zhang.clerk");
        assertThat(h.commentText).isEqualTo("looks fine");
        assertThat(h.fromNode).isEqualTo("draft");
        assertThat(h.toNode).isEqualTo("review");
        assertThat(h.rulesFired).isEqualTo("permit clerk; route draft; offer review");
        assertThat(h.decision).isEqualTo("draft -> review via f2; offer 'review' to [role:fuel_manager]; task 101");
    }

    @Test
    void pass_asks_the_authorization_question_with_the_task_and_its_candidates() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));
        givenInsertsGetIds(INSTANCE_ID, 101L);
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of(), new Route("f2", "review")));
        onAssign("review", outcome(List.of(), Candidate.role("fuel_manager")));

        core.pass(100, CLERK, null);

        ArgumentCaptor<Object> question = ArgumentCaptor.forClass(Object.class);
        verify(decisions, times(3)).decide(question.capture(), anyCollection());
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
        assertThat(question.getAllValues().get(1)).isInstanceOfSatisfying(RouteQuestion.class, r -> {
            assertThat(r.getNodeId()).isEqualTo("draft");
            assertThat(r.getAction()).isEqualTo("PASS");
        });
    }

    @Test
    void pass_into_the_end_event_completes_the_instance_with_an_end_history_entry() {
        givenOpenTask(103, "approve", 102L, Candidate.role("general_manager"));
        onAct(outcome(List.of("permit gm"), new Permit("holds role general_manager")));
        onRoute("approve", outcome(List.of("route approve"), new Route("f4", "end")));

        core.pass(103, GM, "approved");

        verify(store, never()).insertTask(any(), any());
        verify(decisions, never()).decide(argThat(q -> q instanceof AssignQuestion), anyCollection());
        ArgumentCaptor<InstanceRow> instance = ArgumentCaptor.forClass(InstanceRow.class);
        verify(store, times(2)).updateInstance(instance.capture());
        InstanceRow row = instance.getValue();
        assertThat(row.status).isEqualTo("COMPLETED");
        assertThat(row.runningKey).isNull();
        assertThat(row.endedAt).isEqualTo(NOW);

        ArgumentCaptor<HistoryRow> history = ArgumentCaptor.forClass(HistoryRow.class);
        verify(store, times(2)).insertHistory(history.capture());
        assertThat(history.getAllValues()).extracting(h -> h.action, h -> h.actor, h -> h.fromNode, h -> h.toNode)
                .containsExactly(
                        tuple("PASS", "chen.gm", "approve", "end"),
                        tuple("END", "engine", "end", null));
        assertThat(history.getAllValues().get(0).decision).isEqualTo("approve -> end via f4");
        assertThat(history.getAllValues().get(1).decision).isEqualTo("instance completed at end event 'end'");
    }

    @Test
    void pass_with_no_route_answer_is_refused_before_any_write() {
        TaskRow draft = givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of("permit clerk"), new Permit("holds role fuel_clerk")));
        onRoute("draft", outcome(List.of("some unrelated rule")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                        .containsExactly("permit clerk", "some unrelated rule"))
                .hasMessage("no rule decided where " + INSTANCE + " at node 'draft' (Draft purchase contract) goes next "
                        + "(rules fired: [permit clerk, some unrelated rule]); add a rule that inserts a Route for this "
                        + "node, or give it exactly one outgoing flow");
        assertNothingWritten();
        assertThat(draft.status).isEqualTo("OPEN");
        assertThat(draft.completedBy).isNull();
    }

    @Test
    void pass_with_two_contradicting_routes_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of("permit clerk"), new Permit("holds role fuel_clerk")));
        onRoute("draft", outcome(List.of("route A", "route B"), new Route("f2", "review"), new Route(null, "approve")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("contradicting routes for " + INSTANCE + " at node 'draft' (Draft purchase contract): "
                        + "[Route(f2 -> review), Route(null -> approve)] (rules fired: [permit clerk, route A, route B]); "
                        + "make the rules agree on one next node");
        assertNothingWritten();
        verify(decisions, never()).decide(argThat(q -> q instanceof AssignQuestion), anyCollection());
    }

    @Test
    void pass_with_two_routes_that_agree_on_the_node_is_accepted() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        givenInsertsGetIds(INSTANCE_ID, 101L);
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("route A", "route B"), new Route("f2", "review"), new Route(null, "review")));
        onAssign("review", outcome(List.of(), Candidate.role("fuel_manager")));

        core.pass(100, CLERK, null);

        assertThat(verifyTaskInserted(null, List.of(candidateRow("R", "fuel_manager"))).nodeId).isEqualTo("review");
    }

    @Test
    void pass_through_a_gateway_asks_a_route_question_for_the_gateway_and_records_both_hops() {
        givenOpenTask(101, "review", 100L, Candidate.role("fuel_manager"));
        givenInsertsGetIds(INSTANCE_ID, 102L);
        onAct(outcome(List.of("permit manager"), new Permit("ok")));
        onRoute("review", outcome(List.of("route review"), new Route("f3", "amount_check")));
        onRoute("amount_check", outcome(List.of("big amounts need the gm"), new Route("f5", "approve")));
        onAssign("approve", outcome(List.of("offer approve"), Candidate.role("general_manager")));

        core.pass(101, MANAGER, null);

        verify(decisions).decide(argThat(q -> q instanceof RouteQuestion r && r.getNodeId().equals("amount_check")
                && r.getAction().equals("ROUTE")), anyCollection());
        TaskRow next = verifyTaskInserted(null, List.of(candidateRow("R", "general_manager")));
        assertThat(next.nodeId).isEqualTo("approve");
        assertThat(next.previousTaskId).isEqualTo(101L);
        ArgumentCaptor<HistoryRow> h = ArgumentCaptor.forClass(HistoryRow.class);
        verify(store).insertHistory(h.capture());
        assertThat(h.getValue().toNode).isEqualTo("approve");
        assertThat(h.getValue().decision).isEqualTo("review -> amount_check via f3; amount_check -> approve via f5; "
                + "offer 'approve' to [role:general_manager]; task 102");
        assertThat(h.getValue().rulesFired).isEqualTo("permit manager; route review; big amounts need the gm; offer approve");
    }

    @Test
    void pass_whose_rules_keep_routing_between_automatic_nodes_is_refused_as_a_loop_before_any_write() {
        givenOpenTask(101, "review", 100L, Candidate.role("fuel_manager"));
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("review", outcome(List.of(), new Route("f3", "amount_check")));
        onRoute("amount_check", outcome(List.of("check again"), new Route(null, "amount_check")));

        assertThatThrownBy(() -> core.pass(101, MANAGER, null))
                .isInstanceOfSatisfying(DecisionException.class, e -> assertThat(e.rulesFired())
                        .hasSize(EngineCore.MAX_HOPS - 1).containsOnly("check again"))
                .hasMessageStartingWith("routing of " + INSTANCE + " passed 100 nodes from node 'review' (Fuel manager "
                        + "review) without reaching a manual node or an end; the rules loop (rules fired: [check again, ");
        assertNothingWritten();
        verify(decisions, times(EngineCore.MAX_HOPS)).decide(argThat(q -> q instanceof RouteQuestion), anyCollection());
    }

    @Test
    void pass_routed_back_to_the_start_event_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("back to the start"), new Route(null, "start")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " back to the start event node 'start' (Contract drafted), "
                        + "which cannot be entered again; route to a manual node instead (rules fired: [back to the start])");
        assertNothingWritten();
    }

    @Test
    void pass_routed_to_a_node_the_template_lacks_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of("permit clerk"), new Permit("ok")));
        onRoute("draft", outcome(List.of("route to legal"), new Route(null, "legal_review")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " at node 'draft' (Draft purchase contract) to node "
                        + "'legal_review', which template fuel-purchase-contract v1 does not have "
                        + "(rules fired: [permit clerk, route to legal])");
        assertNothingWritten();
    }

    @Test
    void pass_routed_along_a_flow_that_does_not_leave_the_node_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("bad flow"), new Route("f3", "review")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("a rule routed " + INSTANCE + " at node 'draft' (Draft purchase contract) along flow 'f3', "
                        + "which is not an outgoing flow of that node (rules fired: [bad flow])");
        assertNothingWritten();
    }

    @Test
    void pass_routed_along_a_flow_that_leads_elsewhere_than_the_route_target_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        lenient().doAnswer(inv -> {
            ((TaskRow) inv.getArgument(0)).id = 101L;
            return null;
        }).when(store).insertTask(any(), any());
        onAct(outcome(List.of(), new Permit("ok")));
        onRoute("draft", outcome(List.of("inconsistent route"), new Route("f2", "approve")));
        lenient().when(decisions.decide(argThat(q -> q instanceof AssignQuestion), anyCollection()))
                .thenReturn(outcome(List.of(), Candidate.role("general_manager")));

        assertThatThrownBy(() -> core.pass(100, CLERK, null)).isInstanceOf(DecisionException.class);
        assertNothingWritten();
    }

    @Test
    void pass_with_no_candidate_for_the_next_task_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
        onAct(outcome(List.of("permit clerk"), new Permit("ok")));
        onRoute("draft", outcome(List.of("route draft"), new Route("f2", "review")));
        onAssign("review", outcome(List.of()));

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule offered the task at node 'review' (Fuel manager review) of " + INSTANCE
                        + " to anyone (rules fired: [permit clerk, route draft]); give the node approval:roles or "
                        + "approval:acceptors, or add an assignment rule");
        assertNothingWritten();
    }

    @Test
    void pass_is_refused_by_a_deny_even_when_a_permit_is_present_and_the_message_gives_the_deny_reason() {
        TaskRow draft = givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
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
        assertThat(draft.status).isEqualTo("OPEN");
        verify(decisions, never()).decide(argThat(q -> q instanceof RouteQuestion), anyCollection());
    }

    @Test
    void pass_without_a_permit_is_refused_naming_who_the_task_is_offered_to() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"), Candidate.user("li.clerk"));

        assertThatThrownBy(() -> core.pass(100, MANAGER, null))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessage("user 'wang.manager' with roles [fuel_manager] may not pass task 100 at node 'draft' "
                        + "(Draft purchase contract) of " + INSTANCE + ": the task is offered to "
                        + "[role:fuel_clerk, user:li.clerk] (rules fired: [])");
        assertNothingWritten();
    }

    @Test
    void pass_of_a_task_that_does_not_exist_is_refused_with_not_found() {
        assertThatThrownBy(() -> core.pass(404, CLERK, null))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("task 404 does not exist; list the open tasks with pendingTasks (plantflow pending --user U)");
        assertNothingWritten();
        verify(decisions, never()).decide(any(), anyCollection());
    }

    @Test
    void pass_of_a_task_that_is_no_longer_open_is_refused_with_task_not_open() {
        TaskRow done = taskRow(100, "draft", null);
        done.status = "COMPLETED";
        done.completedBy = "li.clerk";
        when(store.task(100)).thenReturn(done);

        assertThatThrownBy(() -> core.pass(100, CLERK, null))
                .isInstanceOfSatisfying(TaskNotOpenException.class, e -> assertThat(e.taskId()).isEqualTo(100L))
                .hasMessage("task 100 at node 'draft' of instance 7 is already COMPLETED by li.clerk; nothing was "
                        + "changed: reload the pending list");
        assertNothingWritten();
        verify(decisions, never()).decide(any(), anyCollection());
    }

    @Test
    void pass_with_a_comment_over_2000_characters_is_refused_before_reading_anything() {
        assertThatThrownBy(() -> core.pass(100, CLERK, "x".repeat(2001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("comment is 2001 characters; at most 2000 are kept");
        verify(store, never()).task(anyLong());
        assertNothingWritten();
    }

    // ================================================================ return

    @Test
    void return_to_an_explicit_target_not_on_the_path_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of("permit gm"), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(102, GM, "wrong numbers", "end"))
                .isInstanceOf(IllegalOperationException.class)
                .hasMessage("cannot return task 102 at node 'approve' (General manager approval) of " + INSTANCE
                        + " to node 'end': it is not a manual node on the path taken to this task (path, newest first: "
                        + "review <- draft); choose one of [review, draft]");
        assertNothingWritten();
        verify(decisions, never()).decide(argThat(q -> q instanceof ReturnQuestion), anyCollection());
        verify(decisions, never()).decide(argThat(q -> q instanceof AssignQuestion), anyCollection());
    }

    @Test
    void return_of_the_first_manual_task_is_refused_before_any_write() {
        givenOpenTask(100, "draft", null, Candidate.role("fuel_clerk"));
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
                        + INSTANCE + ": [review, draft]; rules fired: [permit gm, back one, back to start]; make the "
                        + "return rules agree");
        assertNothingWritten();
    }

    @Test
    void return_where_no_rule_answers_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of("permit gm"), new Permit("ok")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("no rule answered where to go returning task 102 at node 'approve' (General manager "
                        + "approval) of " + INSTANCE + "; rules fired: [permit gm]; add a rule that inserts a ReturnTo");
        assertNothingWritten();
    }

    @Test
    void return_where_the_rules_choose_a_node_off_the_path_is_refused_before_any_write() {
        givenPathDraftReviewApprove();
        onAct(outcome(List.of(), new Permit("ok")));
        onReturn(outcome(List.of("back to start"), new ReturnTo("start")));

        assertThatThrownBy(() -> core.returnTask(102, GM, null, null))
                .isInstanceOf(DecisionException.class)
                .hasMessage("the return rules chose node 'start' returning task 102 at node 'approve' (General manager "
                        + "approval) of " + INSTANCE + ", which is not a manual node on the path taken (review <- draft); "
                        + "rules fired: [back to start]");
        assertNothingWritten();
    }

    @Test
    void return_gives_the_rules_the_path_taken_newest_first_and_the_task() {
        givenPathDraftReviewApprove();
        givenInsertsGetIds(INSTANCE_ID, 103L);
        onAct(outcome(List.of(), new Permit("ok")));
        onReturn(outcome(List.of(), new ReturnTo("review")));
        onAssign("review", outcome(List.of(), Candidate.user("wang.manager")));

        core.returnTask(102, GM, null, null);

        List<Object> facts = factsOf(q -> q instanceof ReturnQuestion);
        assertThat(facts).filteredOn(PathStep.class::isInstance).map(PathStep.class::cast)
                .extracting(PathStep::getDepth, PathStep::getNodeId, PathStep::getTaskId, PathStep::isManual,
                        PathStep::getCompletedBy)
                .containsExactly(
                        tuple(1, "review", 101L, true, "wang.manager"),
                        tuple(2, "draft", 100L, true, "zhang.clerk"));
        assertThat(facts).filteredOn(Task.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Task.class, t -> assertThat(t.getId()).isEqualTo(102L));
    }

    @Test
    void return_recreates_the_task_at_the_target_for_whoever_completed_it_linked_to_the_targets_predecessor() {
        TaskRow approve = givenPathDraftReviewApprove();
        givenInsertsGetIds(INSTANCE_ID, 103L);
        onAct(outcome(List.of("permit gm"), new Permit("holds role general_manager")));
        onReturn(outcome(List.of("back one"), new ReturnTo("review")));
        onAssign("review", outcome(List.of("back to previous actor"), Candidate.user("wang.manager")));

        long id = core.returnTask(102, GM, "price too high", null);

        assertThat(id).isEqualTo(INSTANCE_ID);
        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        verify(decisions, times(3)).decide(questions.capture(), anyCollection());
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
        order.verify(store).updateTask(approve);
        assertThat(approve.status).isEqualTo("RETURNED");
        assertThat(approve.outcome).isEqualTo("RETURN");
        assertThat(approve.completedBy).isEqualTo("chen.gm");
        assertThat(approve.completedAt).isEqualTo(NOW);

        TaskRow recreated = verifyTaskInserted(order, List.of(candidateRow("U", "wang.manager")));
        assertThat(recreated.nodeId).isEqualTo("review");
        assertThat(recreated.nodeName).isEqualTo("Fuel manager review");
        assertThat(recreated.status).isEqualTo("OPEN");
        assertThat(recreated.previousTaskId).as("the target task's previousTaskId, so the path stays the one taken")
                .isEqualTo(100L);
        order.verify(store).updateInstance(argThat(r -> r.id == INSTANCE_ID));

        HistoryRow h = verifyHistory(order);
        assertThat(h.action).isEqualTo("RETURN");
        assertThat(h.taskId).isEqualTo(102L);
        assertThat(h.actor).isEqualTo("chen.gm");
        assertThat(h.commentText).isEqualTo("price too high");
        assertThat(h.fromNode).isEqualTo("approve");
        assertThat(h.toNode).isEqualTo("review");
        assertThat(h.rulesFired).isEqualTo("permit gm; back one; back to previous actor");
        assertThat(h.decision).isEqualTo("return to 'review'; offer 'review' to [user:wang.manager]; task 103");
        verify(store, times(1)).updateTask(any());
        verify(store, times(1)).insertTask(any(), any());
        verify(store, times(1)).updateInstance(any());
        verify(store, times(1)).insertHistory(any());
    }

    @Test
    void return_to_an_explicit_target_skips_the_return_rules_and_reassigns_the_earlier_actor() {
        givenPathDraftReviewApprove();
        givenInsertsGetIds(INSTANCE_ID, 103L);
        onAct(outcome(List.of(), new Permit("ok")));
        onAssign("draft", outcome(List.of(), Candidate.user("zhang.clerk")));

        core.returnTask(102, GM, null, "draft");

        verify(decisions, never()).decide(argThat(q -> q instanceof ReturnQuestion), anyCollection());
        verify(decisions).decide(argThat(q -> q instanceof AssignQuestion a && a.isReturned()
                && "zhang.clerk".equals(a.getPreviousActor()) && a.getNodeId().equals("draft")), anyCollection());
        TaskRow recreated = verifyTaskInserted(null, List.of(candidateRow("U", "zhang.clerk")));
        assertThat(recreated.nodeId).isEqualTo("draft");
        assertThat(recreated.previousTaskId).isNull();
        ArgumentCaptor<HistoryRow> h = ArgumentCaptor.forClass(HistoryRow.class);
        verify(store).insertHistory(h.capture());
        assertThat(h.getValue().decision).isEqualTo("return to 'draft' chosen by chen.gm; offer 'draft' to "
                + "[user:zhang.clerk]; task 103");
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

    // ================================================================ helpers: the store

    private static NodeRow node(String id, String type, String name, String roles) {
        NodeRow n = new NodeRow();
        n.templateId = TEMPLATE_ID;
        n.nodeId = id;
        n.nodeType = type;
        n.name = name;
        n.roles = roles;
        return n;
    }

    private static EdgeRow edge(String id, String from, String to) {
        EdgeRow e = new EdgeRow();
        e.templateId = TEMPLATE_ID;
        e.edgeId = id;
        e.sourceNode = from;
        e.targetNode = to;
        return e;
    }

    private static InstanceRow runningInstance() {
        InstanceRow i = new InstanceRow();
        i.id = INSTANCE_ID;
        i.templateId = TEMPLATE_ID;
        i.templateKey = KEY;
        i.businessKey = BUSINESS_KEY;
        i.runningKey = KEY + "/" + BUSINESS_KEY;
        i.status = "RUNNING";
        i.initiator = "zhang.clerk";
        i.variables = "{\"amount\":120000}";
        i.startedAt = NOW.minusDays(1);
        return i;
    }

    private static TaskRow taskRow(long id, String nodeId, Long previousTaskId) {
        TaskRow t = new TaskRow();
        t.id = id;
        t.instanceId = INSTANCE_ID;
        t.nodeId = nodeId;
        t.status = "OPEN";
        t.previousTaskId = previousTaskId;
        t.createdAt = NOW.minusHours(1);
        return t;
    }

    private static TaskRow completedTaskRow(long id, String nodeId, Long previousTaskId, String completedBy) {
        TaskRow t = taskRow(id, nodeId, previousTaskId);
        t.status = "COMPLETED";
        t.outcome = "PASS";
        t.completedBy = completedBy;
        t.completedAt = NOW.minusHours(2);
        return t;
    }

    private static CandidateRow candidateRow(String kind, String value) {
        return new CandidateRow(0, kind, value);
    }

    /**
     * An open task of the running instance 7, offered to these candidates (both as the store lists them by task id
     * and as read together with the task).
     */
    private TaskRow givenOpenTask(long id, String nodeId, Long previousTaskId, Candidate... candidates) {
        TaskRow t = taskRow(id, nodeId, previousTaskId);
        List<CandidateRow> rows = Arrays.stream(candidates)
                .map(c -> new CandidateRow(id, c.isRole() ? "R" : "U", c.getValue())).toList();
        t.candidates = new ArrayList<>(rows);
        when(store.task(id)).thenReturn(t);
        lenient().when(store.instance(INSTANCE_ID)).thenReturn(runningInstance());
        lenient().when(store.candidates(List.of(id))).thenReturn(rows);
        return t;
    }

    /** draft (100, by zhang.clerk) -> review (101, by wang.manager) -> approve (102, open): returns task 102. */
    private TaskRow givenPathDraftReviewApprove() {
        lenient().when(store.task(100)).thenReturn(completedTaskRow(100, "draft", null, "zhang.clerk"));
        lenient().when(store.task(101)).thenReturn(completedTaskRow(101, "review", 100L, "wang.manager"));
        return givenOpenTask(102, "approve", 101L, Candidate.role("general_manager"));
    }

    /** The ids the database would generate: the instance's on insertInstance, the task's on insertTask. */
    private void givenInsertsGetIds(long instanceId, long taskId) {
        lenient().doAnswer(inv -> {
            ((InstanceRow) inv.getArgument(0)).id = instanceId;
            return null;
        }).when(store).insertInstance(any());
        doAnswer(inv -> {
            ((TaskRow) inv.getArgument(0)).id = taskId;
            return null;
        }).when(store).insertTask(any(), any());
    }

    @SuppressWarnings("unchecked")
    private TaskRow verifyTaskInserted(InOrder order, List<CandidateRow> expectedCandidates) {
        ArgumentCaptor<TaskRow> task = ArgumentCaptor.forClass(TaskRow.class);
        ArgumentCaptor<Collection<CandidateRow>> candidates = ArgumentCaptor.forClass(Collection.class);
        (order == null ? verify(store) : order.verify(store)).insertTask(task.capture(), candidates.capture());
        assertThat(candidates.getValue()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(expectedCandidates);
        return task.getValue();
    }

    private HistoryRow verifyHistory(InOrder order) {
        ArgumentCaptor<HistoryRow> history = ArgumentCaptor.forClass(HistoryRow.class);
        order.verify(store).insertHistory(history.capture());
        return history.getValue();
    }

    private void assertNothingWritten() {
        verify(store, never()).insertTemplate(any(), any(), any());
        verify(store, never()).insertInstance(any());
        verify(store, never()).updateInstance(any());
        verify(store, never()).insertTask(any(), any());
        verify(store, never()).updateTask(any());
        verify(store, never()).insertHistory(any());
    }

    // ================================================================ helpers: the rules

    private static Outcome outcome(List<String> rulesFired, Object... answers) {
        return new Outcome(List.of(answers), rulesFired);
    }

    private void onRoute(String fromNode, Outcome outcome) {
        when(decisions.decide(argThat(q -> q instanceof RouteQuestion r && r.getNodeId().equals(fromNode)), anyCollection()))
                .thenReturn(outcome);
    }

    private void onAssign(String nodeId, Outcome outcome) {
        when(decisions.decide(argThat(q -> q instanceof AssignQuestion a && a.getNodeId().equals(nodeId)), anyCollection()))
                .thenReturn(outcome);
    }

    private void onAct(Outcome outcome) {
        when(decisions.decide(argThat(q -> q instanceof ActQuestion), anyCollection())).thenReturn(outcome);
    }

    private void onReturn(Outcome outcome) {
        when(decisions.decide(argThat(q -> q instanceof ReturnQuestion), anyCollection())).thenReturn(outcome);
    }

    /** The facts given with the first question the predicate picks. */
    @SuppressWarnings("unchecked")
    private List<Object> factsOf(Predicate<Object> question) {
        ArgumentCaptor<Object> questions = ArgumentCaptor.forClass(Object.class);
        ArgumentCaptor<Collection<?>> facts = ArgumentCaptor.forClass(Collection.class);
        verify(decisions, atLeastOnce()).decide(questions.capture(), facts.capture());
        List<Object> qs = questions.getAllValues();
        for (int i = 0; i < qs.size(); i++) {
            if (question.test(qs.get(i))) {
                return new ArrayList<>(facts.getAllValues().get(i));
            }
        }
        throw new AssertionError("no such question was asked: " + qs);
    }
}
