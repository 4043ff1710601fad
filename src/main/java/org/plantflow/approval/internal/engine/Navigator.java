package org.plantflow.approval.internal.engine;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.DecisionException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.facts.Arrival;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.internal.persistence.ActivationStatus;
import org.plantflow.approval.internal.persistence.CandidateKind;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;

/**
 * Moves an instance through its template within one call: leaving a node asks the routing rules; entering a
 * node creates its activation (and the acceptors' tasks), runs an automatic node's action, or gathers a
 * join's arrivals as the join rules decide. Splits push a region for their branches, the paired join pops it.
 */
final class Navigator {
    /** Nodes entered in one call before the engine suspects the rules loop. */
    static final int MAX_ENTRIES = 500;

    private final Store store;
    private final Decide decide;
    private final Actions actions;
    private final InstanceContext ctx;
    private final Clock clock;
    private final Step step;
    private int entries;

    Navigator(Store store, Decide decide, Actions actions, InstanceContext ctx, Clock clock, Step step) {
        this.store = store;
        this.decide = decide;
        this.actions = actions;
        this.ctx = ctx;
        this.clock = clock;
        this.step = step;
    }

    /** Leaves a node (its activation completed, or the start event when {@code act} is null). */
    void leave(ActivationRow act, NodeDef node, String action, String outcome) {
        List<Route> routes = decide.routes(ctx, node, action, outcome, step);
        String region = act == null ? null : act.region;
        if (act != null && node.type() == NodeType.PARALLEL_GATEWAY && ctx.model().outgoing(node.id()).size() > 1) {
            region = Regions.push(region, node.id(), act.id); // only parallel branches form a region to be joined
        }
        for (Route r : routes) {
            FlowDef via = r.getFlowId() == null ? null
                    : ctx.model().outgoing(node.id()).stream().filter(f -> f.id().equals(r.getFlowId())).findFirst().orElse(null);
            enter(ctx.model().node(r.getTo()), via, act, region);
        }
    }

    private void enter(NodeDef node, FlowDef via, ActivationRow from, String region) {
        if (++entries > MAX_ENTRIES) {
            throw new DecisionException(ctx.subject().withNode(node.id()).withRulesFired(step.rulesFired), "routing of "
                    + ctx.describe() + " entered " + MAX_ENTRIES + " nodes in one call without resting at a manual node; "
                    + "the rules loop (rules fired: " + step.rulesFired + ")");
        }
        Long previous = from == null ? null : from.id;
        switch (node.type()) {
            case USER_TASK -> {
                ActivationRow a = activation(node, previous, region, ActivationStatus.ACTIVE);
                createTasks(a, node, decide.assign(ctx, node, false, null, step));
                step.arrivals.add(node.id());
            }
            case END -> step.arrivals.add(node.id());
            case SERVICE_TASK -> runAutomatic(activation(node, previous, region, ActivationStatus.ACTIVE), node);
            case PARALLEL_GATEWAY, EXCLUSIVE_GATEWAY -> {
                if (ctx.model().incoming(node.id()).size() > 1) {
                    join(node, via, from, region);
                } else {
                    ActivationRow a = activation(node, previous, region, ActivationStatus.COMPLETED);
                    leave(a, node, "ROUTE", null);
                }
            }
            case START -> throw new IllegalStateException("the start event cannot be entered");
        }
    }

    /** Runs an automatic node's action; on success moves on, on failure leaves the node FAILED. */
    void runAutomatic(ActivationRow a, NodeDef node) {
        String error = actions.run(store, new Store.ActionCall(node.action(), ctx.row().id, ctx.row().templateKey,
                ctx.row().businessKey, node.id(), ctx.variables()));
        HistoryRow h = row(error == null ? "AUTO" : "ACTION_FAILED", node.id());
        if (error == null) {
            a.status = ActivationStatus.COMPLETED;
            a.outcome = "PASS";
            a.errorText = null;
            a.completedAt = now();
            store.updateActivation(a);
            h.decision = "ran action '" + node.action() + "'";
            step.extraRows.add(h);
            leave(a, node, "ROUTE", "pass");
        } else {
            a.status = ActivationStatus.FAILED;
            a.errorText = error;
            store.updateActivation(a);
            h.decision = error;
            step.extraRows.add(h);
            step.arrivals.add(node.id());
            step.decisions.add("'" + node.id() + "' failed: " + error);
        }
    }

    private void join(NodeDef node, FlowDef via, ActivationRow from, String region) {
        String pairedSplit = ctx.template().joinSplits().get(node.id());
        Regions.Entry top = Regions.top(region);
        Long key = null;
        String outer = region;
        if (top != null && top.splitNode().equals(pairedSplit)) {
            key = top.activationId();
            outer = Regions.pop(region);
        }
        ActivationRow j = key == null && node.type() == NodeType.EXCLUSIVE_GATEWAY ? null
                : store.joinActivation(ctx.row().id, node.id(), key);
        if (j != null && j.status == ActivationStatus.COMPLETED) {
            if (key != null) {
                HistoryRow h = row("ABSORBED", node.id());
                h.fromNode = from == null ? null : from.nodeId;
                h.decision = "late arrival" + (via == null ? "" : " along " + via.id()) + " at '" + node.id()
                        + "' absorbed: the join already continued for this split";
                step.extraRows.add(h);
                step.decisions.add("arrival at '" + node.id() + "' absorbed");
                return;
            }
            j = null;
        }
        Map<String, String> arrived = new LinkedHashMap<>();
        if (j != null) {
            for (String a : Regions.csv(j.arrived)) {
                int eq = a.indexOf('=');
                arrived.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "1/1" : a.substring(eq + 1));
            }
        }
        String flowId = via == null ? "(rule jump from " + (from == null ? "start" : from.nodeId) + ")" : via.id();
        arrived.put(flowId, counts(from));
        List<Arrival> arrivals = new ArrayList<>();
        arrived.forEach((f, c) -> {
            String[] rf = c.split("/");
            String source = ctx.model().flows().stream().filter(x -> x.id().equals(f)).map(FlowDef::source).findFirst().orElse(null);
            arrivals.add(new Arrival(f, source, Integer.parseInt(rf[0]), Integer.parseInt(rf[1])));
        });
        List<String> incoming = ctx.model().flows().stream().filter(f -> f.target().equals(node.id())).map(FlowDef::id).toList();
        boolean go = decide.join(ctx, node, incoming, List.copyOf(arrived.keySet()), arrivals, step);
        String arrivedText = String.join(",", arrived.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (j == null) {
            j = new ActivationRow();
            j.instanceId = ctx.row().id;
            j.nodeId = node.id();
            j.nodeType = node.type().name();
            j.status = go ? ActivationStatus.COMPLETED : ActivationStatus.WAITING;
            j.previousActivationId = key != null ? key : from == null ? null : from.id;
            j.region = outer;
            j.joinKey = key;
            j.arrived = arrivedText;
            j.createdAt = now();
            j.completedAt = go ? now() : null;
            store.insertActivation(j);
        } else {
            j.arrived = arrivedText;
            if (go) {
                j.status = ActivationStatus.COMPLETED;
                j.completedAt = now();
            }
            store.updateActivation(j);
        }
        if (go) {
            leave(j, node, "ROUTE", null);
        } else {
            step.arrivals.add(node.id());
        }
    }

    /** "required/finished" tasks of the activation arriving at a join (1/1 for nodes without tasks). */
    private String counts(ActivationRow from) {
        if (from == null || !"USER_TASK".equals(from.nodeType)) {
            return "1/1";
        }
        NodeDef node = ctx.model().node(from.nodeId);
        if (node == null || node.signMode().oneTask()) {
            return "1/1"; // one task, and it just completed
        }
        List<TaskRow> tasks = store.tasksOfActivation(from.id);
        long required = tasks.stream().filter(t -> t.status != TaskStatus.CANCELLED).count();
        long finished = tasks.stream().filter(t -> t.status == TaskStatus.COMPLETED).count();
        return required + "/" + finished;
    }

    ActivationRow activation(NodeDef node, Long previous, String region, ActivationStatus status) {
        ActivationRow a = new ActivationRow();
        a.instanceId = ctx.row().id;
        a.nodeId = node.id();
        a.nodeType = node.type().name();
        a.status = status;
        a.previousActivationId = previous;
        a.region = region;
        a.createdAt = now();
        a.completedAt = status == ActivationStatus.COMPLETED ? now() : null;
        store.insertActivation(a);
        return a;
    }

    /** One task for a single-acceptor node (offered to every candidate); one task per candidate otherwise. */
    void createTasks(ActivationRow a, NodeDef node, Decide.Assignment assignment) {
        boolean single = node.signMode().oneTask();
        LocalDateTime due = assignment.dueIn() == null ? null : now().plus(assignment.dueIn());
        List<List<Candidate>> groups = new ArrayList<>();
        if (single) {
            groups.add(List.copyOf(assignment.candidates()));
        } else {
            assignment.candidates().forEach(c -> groups.add(List.of(c)));
        }
        for (List<Candidate> group : groups) {
            TaskRow t = new TaskRow();
            t.instanceId = ctx.row().id;
            t.activationId = a.id;
            t.nodeId = node.id();
            t.nodeName = node.name();
            t.status = TaskStatus.OPEN;
            t.createdAt = now();
            t.dueAt = due;
            t.offeredTo = String.join(",", group.stream().map(Candidate::toString).toList());
            t.version = 0;
            store.insertTask(t, group.stream().map(c -> new CandidateRow(0, c.isRole() ? CandidateKind.ROLE : CandidateKind.USER, c.getValue())).toList());
        }
    }

    HistoryRow row(String action, String node) {
        HistoryRow h = new HistoryRow();
        h.instanceId = ctx.row().id;
        h.action = action;
        h.actor = EngineCore.ENGINE;
        h.fromNode = node;
        h.createdAt = now();
        return h;
    }

    LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
