package org.plantflow.approval.internal.engine;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.plantflow.approval.Actor;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.IllegalOperationException;
import org.plantflow.approval.InstanceAlreadyRunningException;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.Deny;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.persistence.MyBatisStore;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;

/**
 * The engine's logic: start, pass and return. Asks the {@link DecisionPort} every routing question and
 * applies the answers through the {@link Store}; never picks a route itself. Every decision is taken
 * before the first write, so a refused call has nothing to undo. One instance per call (and transaction).
 */
public final class EngineCore {
    /** Nodes passed through without a person acting, before the engine suspects a routing loop. */
    static final int MAX_HOPS = 100;
    static final String ENGINE = "engine";

    private final Store store;
    private final DecisionPort decisions;
    private final TemplateRegistry templates;
    private final Clock clock;

    public EngineCore(Store store, DecisionPort decisions, TemplateRegistry templates, Clock clock) {
        this.store = store;
        this.decisions = decisions;
        this.templates = templates;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- start

    public long start(String templateKey, String businessKey, String initiator, Map<String, Object> variables) {
        requireText(templateKey, "template key");
        requireText(businessKey, "business key");
        requireText(initiator, "initiator");
        TemplateRegistry.Deployed template = templates.latest(store, templateKey);
        InstanceRow running = store.runningInstance(templateKey, businessKey);
        if (running != null) {
            throw new InstanceAlreadyRunningException("instance " + running.id + " of template '" + templateKey
                    + "' for business key '" + businessKey + "' is still running (started by " + running.initiator
                    + "); finish it before starting another for the same business key");
        }
        InstanceRow row = new InstanceRow();
        row.templateId = template.model().id();
        row.templateKey = templateKey;
        row.businessKey = businessKey;
        row.runningKey = MyBatisStore.runningKey(templateKey, businessKey);
        row.status = InstanceStatus.RUNNING.name();
        row.initiator = initiator;
        row.variables = Variables.toJson(variables);
        row.startedAt = now();
        row.version = 0;
        InstanceContext ctx = InstanceContext.of(row, template, Variables.fromJson(row.variables));

        NodeDef startNode = ctx.model().startNode();
        Plan plan = plan(ctx, startNode, "START", new Plan());

        store.insertInstance(row);
        TaskRow created = applyArrival(ctx, plan, null);
        history(row.id, null, "START", initiator, null, startNode.id(), plan, created);
        finishIfEnded(ctx, plan);
        return row.id;
    }

    // ---------------------------------------------------------------- pass

    public long pass(long taskId, Actor actor, String comment) {
        checkComment(comment);
        TaskRow task = openTask(taskId);
        InstanceContext ctx = context(task.instanceId);
        NodeDef node = ctx.model().node(task.nodeId);
        Outcome auth = authorize(ctx, task, actor, "PASS");
        Plan plan = new Plan();
        plan.fired(auth.rulesFired());
        plan(ctx, node, "PASS", plan);

        close(task, TaskStatus.COMPLETED, actor, "PASS");
        TaskRow created = applyArrival(ctx, plan, task.id);
        store.updateInstance(ctx.row());
        history(ctx.row().id, task.id, "PASS", actor.user(), comment, task.nodeId, plan, created);
        finishIfEnded(ctx, plan);
        return ctx.row().id;
    }

    // ---------------------------------------------------------------- return

    public long returnTask(long taskId, Actor actor, String comment, String targetNode) {
        checkComment(comment);
        TaskRow task = openTask(taskId);
        InstanceContext ctx = context(task.instanceId);
        Outcome auth = authorize(ctx, task, actor, "RETURN");
        List<TaskRow> path = pathBefore(task);
        List<PathStep> steps = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            TaskRow t = path.get(i);
            NodeDef n = ctx.model().node(t.nodeId);
            steps.add(new PathStep(t.nodeId, t.id, i + 1, n != null && n.type().isManual(), t.completedBy));
        }
        String pathText = path.isEmpty() ? "(none)" : path.stream().map(t -> t.nodeId).collect(Collectors.joining(" <- "));
        Plan plan = new Plan();
        plan.fired(auth.rulesFired());
        String target;
        if (targetNode != null) {
            target = targetNode;
            if (steps.stream().noneMatch(s -> s.getNodeId().equals(target) && s.isManual())) {
                throw new IllegalOperationException("cannot return task " + taskId + " at " + ctx.describeNode(task.nodeId)
                        + " of " + ctx.describe() + " to node '" + target + "': it is not a manual node on the path taken "
                        + "to this task (path, newest first: " + pathText + "); choose one of " + manualNodes(steps));
            }
            plan.decisions.add("return to '" + target + "' chosen by " + actor.user());
        } else {
            if (steps.stream().noneMatch(PathStep::isManual)) {
                throw new IllegalOperationException("cannot return task " + taskId + " at " + ctx.describeNode(task.nodeId)
                        + " of " + ctx.describe() + ": it is the first manual node, there is no earlier node to return to");
            }
            Outcome o = decisions.decide(new ReturnQuestion(task.nodeId),
                    ctx.factsWith(withTask(steps, task)));
            plan.fired(o.rulesFired());
            List<String> targets = o.answers(ReturnTo.class).stream().map(ReturnTo::getNodeId).distinct().toList();
            String where = "returning task " + taskId + " at " + ctx.describeNode(task.nodeId) + " of " + ctx.describe();
            if (targets.isEmpty()) {
                throw new DecisionException("no rule answered where to go " + where + "; rules fired: " + plan.rulesFired
                        + "; add a rule that inserts a ReturnTo", plan.rulesFired);
            }
            if (targets.size() > 1) {
                throw new DecisionException("contradicting answers " + where + ": " + targets + "; rules fired: "
                        + plan.rulesFired + "; make the return rules agree", plan.rulesFired);
            }
            target = targets.get(0);
            if (steps.stream().noneMatch(s -> s.getNodeId().equals(target) && s.isManual())) {
                throw new DecisionException("the return rules chose node '" + target + "' " + where
                        + ", which is not a manual node on the path taken (" + pathText + "); rules fired: "
                        + plan.rulesFired, plan.rulesFired);
            }
            plan.decisions.add("return to '" + target + "'");
        }
        int idx = 0;
        while (!path.get(idx).nodeId.equals(target)) {
            idx++;
        }
        TaskRow earlier = path.get(idx);
        plan.arrival = ctx.model().node(target);
        assign(ctx, plan, true, earlier.completedBy);

        close(task, TaskStatus.RETURNED, actor, "RETURN");
        TaskRow created = applyArrival(ctx, plan, earlier.previousTaskId);
        store.updateInstance(ctx.row());
        history(ctx.row().id, task.id, "RETURN", actor.user(), comment, task.nodeId, plan, created);
        return ctx.row().id;
    }

    // ---------------------------------------------------------------- decisions (no writes)

    /** Follows the routing rules from a node to the next manual node or end, and asks who gets the task. */
    Plan plan(InstanceContext ctx, NodeDef from, String action, Plan plan) {
        NodeDef current = from;
        String question = action;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            NodeDef next = route(ctx, current, question, plan);
            switch (next.type()) {
                case USER_TASK -> {
                    plan.arrival = next;
                    assign(ctx, plan, false, null);
                    return plan;
                }
                case END -> {
                    plan.arrival = next;
                    return plan;
                }
                case EXCLUSIVE_GATEWAY -> {
                    current = next;
                    question = "ROUTE";
                }
                case START -> throw new DecisionException("a rule routed " + ctx.describe() + " back to the start event "
                        + ctx.describeNode(next.id()) + ", which cannot be entered again; route to a manual node instead "
                        + "(rules fired: " + plan.rulesFired + ")", plan.rulesFired);
                default -> throw new IllegalOperationException(ctx.describe() + " reached " + ctx.describeNode(next.id())
                        + ", a " + next.type() + ", which this engine version does not run yet (parallel gateways and "
                        + "automatic nodes arrive with the logic-node release); remove it from the template");
            }
        }
        throw new DecisionException("routing of " + ctx.describe() + " passed " + MAX_HOPS + " nodes from "
                + ctx.describeNode(from.id()) + " without reaching a manual node or an end; the rules loop (rules fired: "
                + plan.rulesFired + ")", plan.rulesFired);
    }

    private NodeDef route(InstanceContext ctx, NodeDef from, String action, Plan plan) {
        Outcome o = decisions.decide(new RouteQuestion(from.id(), action), ctx.facts());
        plan.fired(o.rulesFired());
        List<Route> routes = o.answers(Route.class);
        List<String> targets = routes.stream().map(Route::getTo).distinct().toList();
        String where = ctx.describe() + " at " + ctx.describeNode(from.id());
        if (targets.isEmpty()) {
            throw new DecisionException("no rule decided where " + where + " goes next (rules fired: " + plan.rulesFired
                    + "); add a rule that inserts a Route for this node, or give it exactly one outgoing flow", plan.rulesFired);
        }
        if (targets.size() > 1) {
            throw new DecisionException("contradicting routes for " + where + ": " + routes + " (rules fired: "
                    + plan.rulesFired + "); make the rules agree on one next node", plan.rulesFired);
        }
        Route r = routes.get(0);
        NodeDef next = ctx.model().node(r.getTo());
        if (next == null) {
            throw new DecisionException("a rule routed " + where + " to node '" + r.getTo() + "', which template "
                    + ctx.model().describe() + " does not have (rules fired: " + plan.rulesFired + ")", plan.rulesFired);
        }
        for (Route each : routes) {
            if (each.getFlowId() == null) {
                continue;
            }
            FlowDef flow = ctx.model().outgoing(from.id()).stream().filter(f -> f.id().equals(each.getFlowId()))
                    .findFirst().orElse(null);
            if (flow == null) {
                throw new DecisionException("a rule routed " + where + " along flow '" + each.getFlowId() + "', which is not an "
                        + "outgoing flow of that node (rules fired: " + plan.rulesFired + ")", plan.rulesFired);
            }
            if (!flow.target().equals(each.getTo())) {
                throw new DecisionException("a rule routed " + where + " to node '" + each.getTo() + "' along flow '"
                        + flow.id() + "', which leads to '" + flow.target() + "' instead; make the Route's flow and node "
                        + "agree (rules fired: " + plan.rulesFired + ")", plan.rulesFired);
            }
        }
        plan.decisions.add(from.id() + " -> " + next.id() + (r.getFlowId() == null ? "" : " via " + r.getFlowId()));
        return next;
    }

    private void assign(InstanceContext ctx, Plan plan, boolean returned, String previousActor) {
        NodeDef node = plan.arrival;
        Outcome o = decisions.decide(new AssignQuestion(node.id(), returned, previousActor), ctx.facts());
        plan.fired(o.rulesFired());
        plan.candidates = new LinkedHashSet<>(o.answers(Candidate.class));
        if (plan.candidates.isEmpty()) {
            throw new DecisionException("no rule offered the task at " + ctx.describeNode(node.id()) + " of "
                    + ctx.describe() + " to anyone (rules fired: " + plan.rulesFired + "); give the node approval:roles "
                    + "or approval:acceptors, or add an assignment rule", plan.rulesFired);
        }
        plan.decisions.add("offer '" + node.id() + "' to " + plan.candidates);
    }

    private Outcome authorize(InstanceContext ctx, TaskRow task, Actor actor, String action) {
        Objects.requireNonNull(actor, "actor");
        List<Candidate> candidates = task.candidates.stream().map(EngineCore::candidate).toList();
        List<Object> facts = new ArrayList<>(candidates);
        facts.add(new Task(task.id, task.nodeId, task.status));
        Outcome o = decisions.decide(new ActQuestion(actor.user(), actor.roles(), action), ctx.factsWith(facts));
        List<Deny> denies = o.answers(Deny.class);
        if (!denies.isEmpty() || o.answers(Permit.class).isEmpty()) {
            String why = denies.isEmpty() ? "the task is offered to " + candidates
                    : denies.stream().map(Deny::getReason).collect(Collectors.joining("; "));
            throw new NotAuthorizedException(task.id, actor.user(), o.rulesFired(), "user '" + actor.user() + "' with roles "
                    + actor.roles() + " may not " + action.toLowerCase() + " task " + task.id + " at "
                    + ctx.describeNode(task.nodeId) + " of " + ctx.describe() + ": " + why + " (rules fired: "
                    + o.rulesFired() + ")");
        }
        return o;
    }

    // ---------------------------------------------------------------- writes

    private TaskRow applyArrival(InstanceContext ctx, Plan plan, Long previousTaskId) {
        if (plan.ends()) {
            return null;
        }
        TaskRow t = new TaskRow();
        t.instanceId = ctx.row().id;
        t.nodeId = plan.arrival.id();
        t.nodeName = plan.arrival.name();
        t.status = TaskStatus.OPEN.name();
        t.previousTaskId = previousTaskId;
        t.createdAt = now();
        t.version = 0;
        List<CandidateRow> rows = plan.candidates.stream()
                .map(c -> new CandidateRow(0, c.isRole() ? "R" : "U", c.getValue())).toList();
        store.insertTask(t, rows);
        return t;
    }

    private void finishIfEnded(InstanceContext ctx, Plan plan) {
        if (!plan.ends() || !store.openTasks(ctx.row().id).isEmpty()) {
            return;
        }
        InstanceRow row = ctx.row();
        row.status = InstanceStatus.COMPLETED.name();
        row.runningKey = null;
        row.endedAt = now();
        store.updateInstance(row);
        HistoryRow h = new HistoryRow();
        h.instanceId = row.id;
        h.action = "END";
        h.actor = ENGINE;
        h.fromNode = plan.arrival.id();
        h.decision = "instance completed at end event '" + plan.arrival.id() + "'";
        h.createdAt = now();
        store.insertHistory(h);
    }

    private void close(TaskRow task, TaskStatus status, Actor actor, String outcome) {
        task.status = status.name();
        task.completedAt = now();
        task.completedBy = actor.user();
        task.outcome = outcome;
        store.updateTask(task);
    }

    private void history(long instanceId, Long taskId, String action, String actor, String comment, String from,
                         Plan plan, TaskRow created) {
        HistoryRow h = new HistoryRow();
        h.instanceId = instanceId;
        h.taskId = taskId;
        h.action = action;
        h.actor = actor;
        h.commentText = comment;
        h.fromNode = from;
        h.toNode = plan.arrival.id();
        h.rulesFired = Texts.fit(plan.rulesText(), 2000);
        h.decision = Texts.fit(plan.decisionText() + (created == null ? "" : "; task " + created.id), 2000);
        h.createdAt = now();
        store.insertHistory(h);
    }

    // ---------------------------------------------------------------- reads

    private TaskRow openTask(long taskId) {
        TaskRow task = store.task(taskId);
        if (task == null) {
            throw new NotFoundException("task " + taskId + " does not exist; list the open tasks with pendingTasks "
                    + "(plantflow pending --user U)");
        }
        if (!TaskStatus.OPEN.name().equals(task.status)) {
            throw new TaskNotOpenException(taskId, "task " + taskId + " at node '" + task.nodeId + "' of instance "
                    + task.instanceId + " is already " + task.status + (task.completedBy == null ? "" : " by " + task.completedBy)
                    + "; nothing was changed: reload the pending list");
        }
        return task;
    }

    InstanceContext context(long instanceId) {
        InstanceRow row = store.instance(instanceId);
        if (row == null) {
            throw new NotFoundException("instance " + instanceId + " does not exist");
        }
        TemplateRegistry.Deployed template = templates.byId(store, row.templateId);
        return InstanceContext.of(row, template, Variables.fromJson(row.variables));
    }

    /** The tasks that led to this one, newest first: the path actually taken. */
    private List<TaskRow> pathBefore(TaskRow task) {
        List<TaskRow> path = new ArrayList<>();
        Long prev = task.previousTaskId;
        while (prev != null && path.size() < 10_000) {
            TaskRow t = store.task(prev);
            if (t == null) {
                break;
            }
            path.add(t);
            prev = t.previousTaskId;
        }
        return path;
    }

    private static List<Object> withTask(List<PathStep> steps, TaskRow task) {
        List<Object> facts = new ArrayList<>(steps);
        facts.add(new Task(task.id, task.nodeId, task.status));
        return facts;
    }

    private static List<String> manualNodes(List<PathStep> steps) {
        return steps.stream().filter(PathStep::isManual).map(PathStep::getNodeId).distinct().toList();
    }

    static Candidate candidate(CandidateRow c) {
        return "R".equals(c.kind) ? Candidate.role(c.candidate) : Candidate.user(c.candidate);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    private static void checkComment(String comment) {
        if (comment != null && comment.length() > 2000) {
            throw new IllegalArgumentException("comment is " + comment.length() + " characters; at most 2000 are kept");
        }
    }
}
