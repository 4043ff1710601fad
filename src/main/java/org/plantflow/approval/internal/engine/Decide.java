package org.plantflow.approval.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.Arrival;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.CompleteQuestion;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.facts.DeadlineQuestion;
import org.plantflow.approval.facts.Deny;
import org.plantflow.approval.facts.DueIn;
import org.plantflow.approval.facts.JoinContinues;
import org.plantflow.approval.facts.JoinQuestion;
import org.plantflow.approval.facts.NodeOutcome;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.facts.Vote;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.persistence.CandidateKind;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;

/**
 * Every question the engine asks the rules, and the checks on their answers: no answer where one is needed,
 * or contradicting answers, refuse the call with a {@link DecisionException} naming the instance, node,
 * template version and the rules that fired. Nothing here writes.
 */
final class Decide {
    private final DecisionPort port;

    Decide(DecisionPort port) {
        this.port = port;
    }

    private Outcome ask(DecisionLog.Kind kind, InstanceContext ctx, Object question, List<?> extra, Step step) {
        Outcome o = port.decide(ctx.model().key(), question, ctx.factsWith(extra));
        step.asked(kind, ctx, question, extra, o);
        return o;
    }

    /** A refusal about a node of the instance (and a task, or null): the ids as fields, the rules that fired appended. */
    private static DecisionException refuse(InstanceContext ctx, String nodeId, Long taskId, String message, Step step) {
        Subject about = ctx.subject().withNode(nodeId).withTask(taskId).withRulesFired(step.rulesFired);
        return new DecisionException(about, message + " (rules fired: " + step.rulesFired + ")");
    }

    /** Where the instance goes after a node: one route, or one per branch at a parallel split. */
    List<Route> routes(InstanceContext ctx, NodeDef from, String action, String outcome, Step step) {
        Outcome o = ask(DecisionLog.Kind.ROUTE, ctx, new RouteQuestion(from.id(), action, outcome), List.of(), step);
        List<Route> routes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : o.answers(Route.class)) {
            if (seen.add(r.getFlowId() + "->" + r.getTo())) {
                routes.add(r);
            }
        }
        String where = ctx.describe() + " at " + ctx.describeNode(from.id());
        if (routes.isEmpty()) {
            String fix = from.type() == NodeType.EXCLUSIVE_GATEWAY
                    ? "no branch of the exclusive gateway was chosen and it has no default flow; add a rule in rules/"
                    + ctx.model().key() + "/ that inserts a Route, or mark a default flow"
                    : "add a rule that inserts a Route for this node, or give it exactly one outgoing flow";
            throw refuse(ctx, from.id(), null, "no rule decided where " + where + " goes next"
                    + (outcome == null ? "" : " on outcome " + outcome) + "; " + fix, step);
        }
        long targets = routes.stream().map(Route::getTo).distinct().count();
        if (routes.size() > 1 && from.type() != NodeType.PARALLEL_GATEWAY) {
            throw refuse(ctx, from.id(), null, "contradicting routes for " + where + ": " + routes + "; "
                    + (targets > 1 ? "make the rules agree on one next node" : "make the rules agree on one flow"), step);
        }
        for (Route r : routes) {
            NodeDef next = ctx.model().node(r.getTo());
            if (next == null) {
                throw refuse(ctx, from.id(), null, "a rule routed " + where + " to node '" + r.getTo() + "', which template "
                        + ctx.model().describe() + " does not have", step);
            }
            if (next.type() == NodeType.START) {
                throw refuse(ctx, from.id(), null, "a rule routed " + where + " back to the start event " + ctx.describeNode(next.id())
                        + ", which cannot be entered again; route to a manual node instead", step);
            }
            if (r.getFlowId() != null) {
                FlowDef flow = ctx.model().outgoing(from.id()).stream().filter(f -> f.id().equals(r.getFlowId()))
                        .findFirst().orElse(null);
                if (flow == null) {
                    throw refuse(ctx, from.id(), null, "a rule routed " + where + " along flow '" + r.getFlowId() + "', which is not an "
                            + "outgoing flow of that node", step);
                }
                if (!flow.target().equals(r.getTo())) {
                    throw refuse(ctx, from.id(), null, "a rule routed " + where + " to node '" + r.getTo() + "' along flow '" + flow.id()
                            + "', which leads to '" + flow.target() + "' instead; make the Route's flow and node agree", step);
                }
            }
            step.decided(from.id() + " -> " + r.getTo() + (r.getFlowId() == null ? "" : " via " + r.getFlowId()));
        }
        return routes;
    }

    /** Who gets the task(s) at a node being entered, and when they are due. */
    record Assignment(Set<Candidate> candidates, Duration dueIn) {
    }

    Assignment assign(InstanceContext ctx, NodeDef node, boolean returned, String previousActor, Step step) {
        Outcome o = ask(DecisionLog.Kind.ASSIGN, ctx, new AssignQuestion(node.id(), returned, previousActor), List.of(), step);
        Set<Candidate> candidates = new LinkedHashSet<>(o.answers(Candidate.class));
        if (candidates.isEmpty()) {
            throw refuse(ctx, node.id(), null, "no rule offered the task at " + ctx.describeNode(node.id()) + " of " + ctx.describe()
                    + " to anyone; give the node approval:roles or approval:acceptors, or add an assignment rule", step);
        }
        List<Duration> dues = o.answers(DueIn.class).stream().map(DueIn::getDuration).distinct().toList();
        if (dues.size() > 1) {
            throw refuse(ctx, node.id(), null, "contradicting deadlines for the task at " + ctx.describeNode(node.id())
                    + " of " + ctx.describe() + ": " + dues + "; make the rules agree", step);
        }
        Duration due = dues.isEmpty() ? null : dues.get(0);
        step.decided("offer '" + node.id() + "' to " + candidates + (due == null ? "" : ", due in " + due));
        return new Assignment(candidates, due);
    }

    /** May this actor act on this task? Refuses with {@link NotAuthorizedException} when not. */
    void authorize(InstanceContext ctx, TaskRow task, Actor actor, String action, Step step) {
        if (actor == null) {
            throw new InvalidInputException(Subject.task(task.id), "actor", null, "actor must not be null; pass the user and "
                    + "the roles the host gives them (Actor.of(user, roles...))");
        }
        List<Candidate> candidates = task.candidates.stream().map(Decide::candidate).toList();
        List<Object> facts = new ArrayList<>(candidates);
        facts.add(new Task(task.id, task.nodeId, task.status.name()));
        Outcome o = ask(DecisionLog.Kind.ACT, ctx, new ActQuestion(actor.user(), actor.roles(), action), facts, step);
        List<Deny> denies = o.answers(Deny.class);
        if (!denies.isEmpty() || o.answers(Permit.class).isEmpty()) {
            String why = denies.isEmpty() ? "the task is offered to " + candidates
                    : denies.stream().map(Deny::getReason).collect(Collectors.joining("; "));
            throw new NotAuthorizedException(ctx.subject().withTask(task.id).withNode(task.nodeId).withUser(actor.user())
                    .withRulesFired(o.rulesFired()), "user '" + actor.user() + "' with roles "
                    + actor.roles() + " may not " + action.toLowerCase() + " task " + task.id + " at "
                    + ctx.describeNode(task.nodeId) + " of " + ctx.describe() + ": " + why + " (rules fired: "
                    + o.rulesFired() + ")");
        }
        step.noted("user '" + actor.user() + "' may " + action.toLowerCase() + " task " + task.id);
    }

    /** Is the node done after an acceptor acted? "pass", "fail", or null to wait. */
    String complete(InstanceContext ctx, NodeDef node, List<TaskRow> tasks, Step step) {
        List<Object> votes = new ArrayList<>();
        int yes = 0;
        int no = 0;
        int open = 0;
        for (TaskRow t : tasks) {
            if (t.status == TaskStatus.CANCELLED) {
                continue;
            }
            String choice = t.status == TaskStatus.OPEN ? "OPEN" : "PASS".equals(t.outcome) ? "YES" : "NO";
            switch (choice) {
                case "YES" -> yes++;
                case "NO" -> no++;
                default -> open++;
            }
            votes.add(new Vote(t.id, t.completedBy, t.offeredTo, choice));
        }
        String mode = node.signMode().attribute();
        Outcome o = ask(DecisionLog.Kind.COMPLETE, ctx, new CompleteQuestion(node.id(), mode, yes + no + open, yes, no, open), votes, step);
        List<String> outcomes = o.answers(NodeOutcome.class).stream().map(NodeOutcome::getOutcome).distinct().toList();
        if (outcomes.size() > 1) {
            throw refuse(ctx, node.id(), null, "contradicting outcomes for " + ctx.describeNode(node.id()) + " of "
                    + ctx.describe() + ": " + outcomes + "; make the completion rules agree", step);
        }
        String tally = mode + " " + yes + " yes" + (no > 0 ? ", " + no + " no" : "") + ", " + open + " open";
        if (outcomes.isEmpty()) {
            step.decided("'" + node.id() + "' waits (" + tally + ")");
            return null;
        }
        step.decided("'" + node.id() + "' completes: " + outcomes.get(0) + " (" + tally + ")");
        return outcomes.get(0);
    }

    /** Does a join continue with this arrival? */
    boolean join(InstanceContext ctx, NodeDef node, List<String> incoming, List<String> arrived, List<Arrival> arrivals,
                 Step step) {
        Outcome o = ask(DecisionLog.Kind.JOIN, ctx, new JoinQuestion(node.id(), node.type().name(), incoming, arrived), arrivals, step);
        boolean go = !o.answers(JoinContinues.class).isEmpty();
        step.decided("join '" + node.id() + "' " + (go ? "continues" : "waits") + " (arrived " + arrived + " of " + incoming + ")");
        return go;
    }

    /** Where a returned task goes back to (a node among the path steps). */
    String returnTarget(InstanceContext ctx, TaskRow task, List<PathStep> steps, Step step) {
        List<Object> facts = new ArrayList<>(steps);
        facts.add(new Task(task.id, task.nodeId, task.status.name()));
        Outcome o = ask(DecisionLog.Kind.RETURN, ctx, new ReturnQuestion(task.nodeId), facts, step);
        List<String> targets = o.answers(ReturnTo.class).stream().map(ReturnTo::getNodeId).distinct().toList();
        String where = "returning task " + task.id + " at " + ctx.describeNode(task.nodeId) + " of " + ctx.describe();
        if (targets.isEmpty()) {
            throw refuse(ctx, task.nodeId, task.id, "no rule answered where to go " + where
                    + "; add a rule that inserts a ReturnTo", step);
        }
        if (targets.size() > 1) {
            throw refuse(ctx, task.nodeId, task.id, "contradicting answers " + where + ": " + targets
                    + "; make the return rules agree", step);
        }
        return targets.get(0);
    }

    /** What to do with an overdue task. */
    DeadlineAction deadline(InstanceContext ctx, TaskRow task, long overdueMinutes, Step step) {
        NodeDef node = ctx.model().node(task.nodeId);
        String mode = node.signMode().attribute();
        List<Object> facts = new ArrayList<>(task.candidates.stream().map(Decide::candidate).toList());
        facts.add(new Task(task.id, task.nodeId, task.status.name()));
        Outcome o = ask(DecisionLog.Kind.DEADLINE, ctx, new DeadlineQuestion(task.id, task.nodeId, mode, overdueMinutes), facts, step);
        List<DeadlineAction> actions = o.answers(DeadlineAction.class);
        List<String> kinds = actions.stream().map(a -> a.getKind() + String.valueOf(a.getEscalateTo())).distinct().toList();
        if (actions.isEmpty()) {
            throw refuse(ctx, task.nodeId, task.id, "no deadline rule said what to do with overdue task " + task.id + " at "
                    + ctx.describeNode(task.nodeId) + " of " + ctx.describe() + "; add a rule that inserts a DeadlineAction", step);
        }
        if (kinds.size() > 1) {
            throw refuse(ctx, task.nodeId, task.id, "contradicting deadline actions for task " + task.id + " at "
                    + ctx.describeNode(task.nodeId) + " of " + ctx.describe() + ": " + actions
                    + "; make the deadline rules agree", step);
        }
        step.decided("deadline of task " + task.id + ": " + actions.get(0));
        return actions.get(0);
    }

    static Candidate candidate(CandidateRow c) {
        return c.kind == CandidateKind.ROLE ? Candidate.role(c.candidate) : Candidate.user(c.candidate);
    }
}
