package org.plantflow.approval.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.IllegalOperationException;
import org.plantflow.approval.InstanceAlreadyRunningException;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.persistence.ActivationStatus;
import org.plantflow.approval.internal.persistence.CandidateKind;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.SignMode;
import org.plantflow.approval.internal.template.TemplateRegistry;

/**
 * The engine's operations: start, pass, return, retry of failed automatic nodes, and one overdue task's
 * deadline. Every routing question goes to the rules ({@link Decide}); this class applies the answers. Each
 * mutating call first locks its instance row, so calls on one instance (votes, sibling branches, sweepers)
 * run one after another and see each other's work; every write also checks the row version.
 */
public final class EngineCore {
    static final String ENGINE = "engine";

    private final Store store;
    private final Decide decide;
    private final TemplateRegistry templates;
    private final Actions actions;
    private final Clock clock;
    private final DecisionPort decisions;
    private AfterCall lastCall;

    /** The instance as the last call left it, with its live activations: the facade builds its snapshot from it. */
    public record AfterCall(InstanceRow instance, List<ActivationRow> live) {
    }

    public EngineCore(Store store, DecisionPort decisions, TemplateRegistry templates, Actions actions, Clock clock) {
        this.store = store;
        this.decisions = decisions.pinned(); // every decision of this call on one activation of the rules
        this.decide = new Decide(this.decisions);
        this.templates = templates;
        this.actions = actions;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- start

    public long start(String templateKey, String businessKey, String initiator, Map<String, Object> variables) {
        Inputs.start(templateKey, businessKey, initiator, variables);
        TemplateRegistry.Deployed template = templates.latest(store, templateKey);
        InstanceRow row = new InstanceRow();
        row.templateId = template.model().id();
        row.templateKey = templateKey;
        row.businessKey = businessKey;
        row.runningKey = InstanceRow.runningKey(templateKey, businessKey);
        row.status = InstanceStatus.RUNNING;
        row.initiator = initiator;
        row.variables = Variables.toJson(variables);
        row.startedAt = now();
        row.version = 0;
        InstanceRow running = store.insertInstanceUnlessRunning(row);
        if (running != null) {
            throw new InstanceAlreadyRunningException(Subject.instance(running.id).withTemplate(templateKey, null)
                    .withBusinessKey(businessKey).withUser(initiator), "instance " + running.id + " of template '"
                    + templateKey + "' for business key '" + businessKey + "' is still running (started by " + running.initiator
                    + "); finish it before starting another for the same business key");
        }
        InstanceContext ctx = InstanceContext.of(store, row, template, Variables.fromJson(row.variables));
        Step step = new Step();
        NodeDef startNode = ctx.model().startNode();
        navigator(ctx, step).leave(null, startNode, "START", null);
        record(ctx, step, null, "START", initiator, null, startNode.id());
        return row.id;
    }

    // ---------------------------------------------------------------- pass

    public long pass(long taskId, Actor actor, String comment) {
        Inputs.act(taskId, actor, comment, null);
        TaskRow task = openTask(taskId, actor);
        InstanceContext ctx = lockedContext(task);
        Step step = new Step();
        decide.authorize(ctx, task, actor, "PASS", step);
        close(task, TaskStatus.COMPLETED, actor.user(), "PASS");
        afterVote(ctx, task, step);
        record(ctx, step, task.id, "PASS", actor.user(), comment, task.nodeId);
        return ctx.row().id;
    }

    /** After an acceptor's pass (or no vote): asks whether the node is done and, when it is, moves on. */
    private void afterVote(InstanceContext ctx, TaskRow task, Step step) {
        NodeDef node = ctx.model().node(task.nodeId);
        ActivationRow act = activationOf(task);
        boolean single = node.signMode().oneTask();
        List<TaskRow> tasks = single ? List.of(task) : store.tasksOfActivation(act.id); // a single node has one task
        String outcome = decide.complete(ctx, node, tasks, step);
        if (outcome == null) {
            return;
        }
        cancelOpen(tasks, step);
        act.status = ActivationStatus.COMPLETED;
        act.outcome = outcome.toUpperCase();
        act.completedAt = now();
        store.updateActivation(act);
        navigator(ctx, step).leave(act, node, "PASS", outcome);
    }

    // ---------------------------------------------------------------- return

    public long returnTask(long taskId, Actor actor, String comment, String targetNode) {
        Inputs.act(taskId, actor, comment, targetNode);
        TaskRow task = openTask(taskId, actor);
        InstanceContext ctx = lockedContext(task);
        NodeDef node = ctx.model().node(task.nodeId);
        Step step = new Step();
        decide.authorize(ctx, task, actor, "RETURN", step);
        if (node.signMode() == SignMode.VOTE) {
            if (targetNode != null) {
                throw new IllegalOperationException(ctx.subject().withTask(taskId).withNode(task.nodeId).withUser(actor.user()),
                        "task " + taskId + " at " + ctx.describeNode(task.nodeId) + " of "
                        + ctx.describe() + " is a vote: a return counts as a no vote and cannot name a target node");
            }
            close(task, TaskStatus.COMPLETED, actor.user(), "NO");
            step.decisions.add("return counted as a no vote");
            afterVote(ctx, task, step);
            record(ctx, step, task.id, "RETURN", actor.user(), comment, task.nodeId);
            return ctx.row().id;
        }
        returnTo(ctx, task, targetNode, actor.user(), step);
        record(ctx, step, task.id, "RETURN", actor.user(), comment, task.nodeId);
        return ctx.row().id;
    }

    private void returnTo(InstanceContext ctx, TaskRow task, String targetNode, String actor, Step step) {
        ActivationRow act = activationOf(task);
        List<ActivationRow> path = pathBefore(act);
        List<PathStep> steps = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            ActivationRow a = path.get(i);
            boolean manual = "USER_TASK".equals(a.nodeType);
            TaskRow passing = manual ? passingTask(a) : null;
            steps.add(new PathStep(a.nodeId, passing == null ? 0 : passing.id, i + 1, manual,
                    passing == null ? null : passing.completedBy));
        }
        String pathText = steps.stream().filter(PathStep::isManual).map(PathStep::getNodeId).collect(Collectors.joining(" <- "));
        List<String> manualNodes = steps.stream().filter(PathStep::isManual).map(PathStep::getNodeId).distinct().toList();
        String where = "task " + task.id + " at " + ctx.describeNode(task.nodeId) + " of " + ctx.describe();
        Subject about = ctx.subject().withTask(task.id).withNode(task.nodeId).withUser(ENGINE.equals(actor) ? null : actor);
        String target;
        if (targetNode != null) {
            target = targetNode;
            if (!manualNodes.contains(target)) {
                throw new IllegalOperationException(about, "cannot return " + where + " to node '" + target + "': it is not a "
                        + "manual node on the path taken to this task (path, newest first: "
                        + (pathText.isEmpty() ? "(none)" : pathText) + "); choose one of " + manualNodes);
            }
            step.decisions.add("return to '" + target + "' chosen by " + actor);
        } else {
            if (manualNodes.isEmpty()) {
                throw new IllegalOperationException(about, "cannot return " + where + ": it is the first manual node, there is "
                        + "no earlier node to return to");
            }
            target = decide.returnTarget(ctx, task, steps, step);
            if (!manualNodes.contains(target)) {
                throw new DecisionException(about.withRulesFired(step.rulesFired), "the return rules chose node '" + target
                        + "' returning " + where + ", which is not a manual node on the path taken (" + pathText
                        + ") (rules fired: " + step.rulesFired + ")");
            }
            step.decided("return to '" + target + "'");
        }
        ActivationRow earlier = path.stream().filter(a -> a.nodeId.equals(target)).findFirst().orElseThrow();
        NodeDef targetDef = ctx.model().node(target);
        TaskRow earlierPass = passingTask(earlier);
        Decide.Assignment assignment = decide.assign(ctx, targetDef, true, earlierPass == null ? null : earlierPass.completedBy, step);

        close(task, TaskStatus.RETURNED, actor, "RETURN");
        List<TaskRow> siblings = store.tasksOfActivation(act.id);
        cancelOpen(siblings, step);
        act.status = ActivationStatus.RETURNED;
        act.outcome = "RETURN";
        act.completedAt = now();
        store.updateActivation(act);
        cancelRegionsLeft(ctx, act.region, earlier.region, step);

        Navigator nav = navigator(ctx, step);
        ActivationRow again = nav.activation(targetDef, earlier.previousActivationId, earlier.region, ActivationStatus.ACTIVE);
        nav.createTasks(again, targetDef, assignment);
        step.arrivals.add(target);
    }

    /** Returning out of parallel regions cancels what is still open in them; the target re-runs them. */
    private void cancelRegionsLeft(InstanceContext ctx, String from, String to, Step step) {
        List<Regions.Entry> left = Regions.leftBy(from, to);
        if (left.isEmpty()) {
            return;
        }
        for (ActivationRow a : store.liveActivations(ctx.row().id)) {
            if (left.stream().anyMatch(e -> Regions.contains(a.region, e) || e.activationId() == (a.joinKey == null ? -1 : a.joinKey))) {
                cancelOpen(store.tasksOfActivation(a.id), step);
                a.status = ActivationStatus.CANCELLED;
                a.completedAt = now();
                store.updateActivation(a);
                step.decisions.add("cancelled '" + a.nodeId + "' in the parallel region of " + left);
            }
        }
    }

    // ---------------------------------------------------------------- retry

    /** Runs the actions of the instance's failed automatic nodes again. @return how many now succeeded */
    public int retry(long instanceId) {
        InstanceRow row = store.lockInstance(instanceId);
        if (row == null) {
            throw new NotFoundException(Subject.instance(instanceId), "instance " + instanceId + " does not exist");
        }
        InstanceContext ctx = context(row);
        List<ActivationRow> failed = store.liveActivations(instanceId).stream().filter(a -> a.status == ActivationStatus.FAILED).toList();
        if (failed.isEmpty()) {
            throw new IllegalOperationException(ctx.subject(), ctx.describe() + " has no failed automatic node to retry");
        }
        int ok = 0;
        Step step = new Step();
        for (ActivationRow a : failed) {
            NodeDef node = ctx.model().node(a.nodeId);
            navigator(ctx, step).runAutomatic(a, node);
            if (a.status == ActivationStatus.COMPLETED) {
                ok++;
            }
        }
        record(ctx, step, null, "RETRY", ENGINE, null, failed.get(0).nodeId);
        return ok;
    }

    // ---------------------------------------------------------------- deadlines

    /** What the sweeper did with one overdue task, for the host's listener. */
    public record DeadlineOutcome(long taskId, DeadlineAction.Kind kind, String message) {
    }

    /**
     * Acts on one overdue task this sweeper claimed, as the deadline rules decide. Returns null when another
     * call got there first (the task closed, or its claim is no longer ours).
     */
    public DeadlineOutcome handleDeadline(long taskId, String owner, LocalDateTime now) {
        TaskRow claimed = store.task(taskId);
        if (claimed == null) {
            return null;
        }
        InstanceRow row = store.lockInstance(claimed.instanceId);
        TaskRow task = store.task(taskId);
        if (task.status != TaskStatus.OPEN || !owner.equals(task.claimedBy) || task.dueAt == null || task.dueAt.isAfter(now)) {
            return null;
        }
        InstanceContext ctx = context(row);
        Step step = new Step();
        long late = Duration.between(task.dueAt, now).toMinutes();
        DeadlineAction action = decide.deadline(ctx, task, late, step);
        task.claimedBy = null;
        task.claimedUntil = null;
        task.dueAt = action.getNextDeadline() == null ? null : now.plus(action.getNextDeadline());
        switch (action.getKind()) {
            case REMIND -> {
                store.updateTask(task);
                record(ctx, step, task.id, "REMIND", ENGINE, action.getMessage(), task.nodeId);
            }
            case ESCALATE -> {
                store.updateTask(task);
                store.replaceCandidates(task.id, List.of(new CandidateRow(task.id,
                        action.getEscalateTo().isRole() ? CandidateKind.ROLE : CandidateKind.USER, action.getEscalateTo().getValue())));
                step.decisions.add("task " + task.id + " offered to " + action.getEscalateTo());
                record(ctx, step, task.id, "ESCALATE", ENGINE, action.getMessage(), task.nodeId);
            }
            case AUTO_PASS -> {
                close(task, TaskStatus.COMPLETED, ENGINE, "PASS");
                afterVote(ctx, task, step);
                record(ctx, step, task.id, "PASS", ENGINE, action.getMessage(), task.nodeId);
            }
            case AUTO_RETURN -> {
                NodeDef node = ctx.model().node(task.nodeId);
                if (node.signMode() == SignMode.VOTE) {
                    close(task, TaskStatus.COMPLETED, ENGINE, "NO");
                    afterVote(ctx, task, step);
                } else {
                    returnTo(ctx, task, null, ENGINE, step);
                }
                record(ctx, step, task.id, "RETURN", ENGINE, action.getMessage(), task.nodeId);
            }
            case FAIL_VOTE -> {
                ActivationRow act = activationOf(task);
                NodeDef node = ctx.model().node(task.nodeId);
                cancelOpen(store.tasksOfActivation(act.id), step);
                act.status = ActivationStatus.COMPLETED;
                act.outcome = "FAIL";
                act.completedAt = now;
                store.updateActivation(act);
                step.decisions.add("'" + node.id() + "' completes: fail (deadline)");
                navigator(ctx, step).leave(act, node, "PASS", "fail");
                record(ctx, step, task.id, "FAIL_VOTE", ENGINE, action.getMessage(), task.nodeId);
            }
        }
        return new DeadlineOutcome(task.id, action.getKind(), action.getMessage());
    }

    // ---------------------------------------------------------------- history and completion

    /** Writes the call's history row, the further rows it produced, and completes the instance when nothing is left. */
    private void record(InstanceContext ctx, Step step, Long taskId, String action, String actor, String comment, String from) {
        HistoryRow h = new HistoryRow();
        h.instanceId = ctx.row().id;
        h.taskId = taskId;
        h.action = action;
        h.actor = actor;
        h.commentText = comment;
        h.fromNode = from;
        h.toNode = step.arrivalsText();
        h.rulesFired = step.rulesText();
        h.decision = step.decisionText();
        h.decisionRecord = step.recordJson(ctx);
        h.rulesActivationId = step.log.isEmpty() ? null : decisions.activationId();
        h.createdAt = now();
        store.insertHistory(h);
        step.extraRows.forEach(store::insertHistory);
        InstanceRow row = ctx.row();
        List<ActivationRow> live = store.liveActivations(row.id);
        lastCall = new AfterCall(row, live);
        if (live.isEmpty()) {
            row.status = InstanceStatus.COMPLETED;
            row.runningKey = null;
            row.endedAt = now();
            store.updateInstance(row);
            HistoryRow end = new HistoryRow();
            end.instanceId = row.id;
            end.action = "END";
            end.actor = ENGINE;
            end.fromNode = step.arrivals.isEmpty() ? null : step.arrivals.get(step.arrivals.size() - 1);
            end.decision = "instance completed: every path reached an end";
            end.createdAt = now();
            store.insertHistory(end);
        } else if (!"START".equals(action)) {
            store.updateInstance(row); // every call on a running instance bumps its version
        }
    }

    /** The state after the last start, pass, return, retry or deadline this core performed. */
    public AfterCall lastCall() {
        return lastCall;
    }

    // ---------------------------------------------------------------- helpers

    private void close(TaskRow task, TaskStatus status, String actor, String outcome) {
        task.status = status;
        task.completedAt = now();
        task.completedBy = actor;
        task.outcome = outcome;
        task.dueAt = null;
        task.claimedBy = null;
        task.claimedUntil = null;
        store.updateTask(task);
    }

    private void cancelOpen(List<TaskRow> tasks, Step step) {
        List<Long> cancelled = new ArrayList<>();
        for (TaskRow t : tasks) {
            if (t.status == TaskStatus.OPEN) {
                t.status = TaskStatus.CANCELLED;
                t.completedAt = now();
                t.outcome = "CANCELLED";
                t.dueAt = null;
                t.claimedBy = null;
                t.claimedUntil = null;
                store.updateTask(t);
                cancelled.add(t.id);
            }
        }
        if (!cancelled.isEmpty()) {
            step.decisions.add("cancelled open task(s) " + cancelled);
        }
    }

    /** The task, which must be open, with its instance locked. */
    private TaskRow openTask(long taskId, Actor actor) {
        TaskRow task = store.taskLockingInstance(taskId);
        if (task == null) {
            throw new NotFoundException(Subject.task(taskId).withUser(actor.user()), "task " + taskId + " does not exist; "
                    + "list the open tasks with pendingTasks (plantflow pending --user U)");
        }
        if (task.status != TaskStatus.OPEN) {
            Subject about = Subject.task(taskId).withInstance(task.instanceId).withNode(task.nodeId).withUser(actor.user());
            if (task.instance != null) {
                about = about.withTemplate(task.instance.templateKey, null).withBusinessKey(task.instance.businessKey);
            }
            throw new TaskNotOpenException(about, task.status, "task " + taskId + " at node '"
                    + task.nodeId + "' of instance "
                    + task.instanceId + " is already " + task.status + (task.completedBy == null ? "" : " by " + task.completedBy)
                    + "; nothing was changed: reload the pending list");
        }
        return task;
    }

    /** The task's instance, locked by {@link #openTask}; the task itself is re-checked by its version when written. */
    private InstanceContext lockedContext(TaskRow task) {
        InstanceRow row = task.instance != null ? task.instance : store.lockInstance(task.instanceId);
        if (row == null) {
            throw new NotFoundException(Subject.instance(task.instanceId).withTask(task.id).withNode(task.nodeId),
                    "instance " + task.instanceId + " of task " + task.id + " does not exist");
        }
        return context(row);
    }

    InstanceContext context(InstanceRow row) {
        TemplateRegistry.Deployed template = templates.byId(store, row.templateId);
        return InstanceContext.of(store, row, template, Variables.fromJson(row.variables));
    }

    private ActivationRow activationOf(TaskRow task) {
        if (task.activation != null) {
            return task.activation; // read with the task; a stale copy fails its version check like the task would
        }
        ActivationRow act = task.activationId == null ? null : store.activation(task.activationId);
        if (act == null) {
            throw new ApprovalException(Subject.task(task.id).withInstance(task.instanceId).withNode(task.nodeId), "task "
                    + task.id + " has no node activation; it predates schema V2: finish or cancel it with the engine "
                    + "version that created it");
        }
        return act;
    }

    /** The activations that led to this one, newest first: the path actually taken. */
    private List<ActivationRow> pathBefore(ActivationRow act) {
        List<ActivationRow> path = new ArrayList<>();
        Long prev = act.previousActivationId;
        while (prev != null && path.size() < 10_000) {
            ActivationRow a = store.activation(prev);
            if (a == null) {
                break;
            }
            path.add(a);
            prev = a.previousActivationId;
        }
        return path;
    }

    /** The (first) task that passed a node visit: who a return goes back to. Null when none did. */
    private TaskRow passingTask(ActivationRow a) {
        return store.tasksOfActivation(a.id).stream().filter(t -> "PASS".equals(t.outcome)).findFirst().orElse(null);
    }

    private Navigator navigator(InstanceContext ctx, Step step) {
        return new Navigator(store, decide, actions, ctx, clock, step);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
