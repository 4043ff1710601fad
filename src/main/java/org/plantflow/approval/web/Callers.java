package org.plantflow.approval.web;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.TaskView;

/**
 * The caller of a request and what they may see: the tasks offered to them (to their user or one of their roles), and
 * the instances they started, hold a task of, or acted on. Anything else is answered as if it did not exist (404), so
 * ids of other users' work reveal nothing.
 */
final class Callers {
    private final ApprovalEngine engine;
    private final ActorResolver resolver;
    private final String adminRole;

    Callers(ApprovalEngine engine, ActorResolver resolver, String adminRole) {
        this.engine = engine;
        this.resolver = resolver;
        this.adminRole = adminRole;
    }

    Actor actor(HttpServletRequest request) {
        Actor actor = resolver.resolve(request);
        if (actor == null) {
            throw new NotSignedInException("nobody is signed in: the host's ActorResolver found no user for this request");
        }
        return actor;
    }

    boolean isAdmin(Actor actor) {
        return actor.roles().contains(adminRole);
    }

    void requireAdmin(Actor actor, String what) {
        if (!isAdmin(actor)) {
            throw new NotAuthorizedException(ApprovalException.Subject.NONE.withUser(actor.user()),
                    "user '" + actor.user() + "' with roles " + actor.roles() + " may not " + what
                            + ": only administrators (role '" + adminRole + "') may");
        }
    }

    List<TaskView> pending(Actor actor) {
        return engine.pendingTasks(actor.user(), actor.roles());
    }

    /**
     * The open task if it is offered to the caller. A task that was offered to the caller (or whose instance they may
     * see) but is no longer open: 409, saying what became of it, so a second window or a colleague who acted first is
     * told so. Otherwise 404, whether or not the task exists.
     */
    TaskView offeredTask(Actor actor, long taskId) {
        List<TaskView> pending = pending(actor);
        return pending.stream().filter(t -> t.id() == taskId).findFirst()
                .orElseThrow(() -> closedOrHidden(actor, taskId, pending));
    }

    /** A closed task's candidates are gone, so whether the caller may hear of it is whether they see its instance. */
    private ApprovalException closedOrHidden(Actor actor, long taskId, List<TaskView> pending) {
        try {
            TaskView task = engine.taskContext(taskId).task();
            if (task.status() != TaskStatus.OPEN) {
                List<HistoryEntry> history = engine.history(task.instanceId());
                if (sees(actor, engine.instance(task.instanceId()), () -> pending, () -> history)) {
                    String by = history.stream()
                            .filter(h -> h.taskId() != null && h.taskId() == taskId && h.actor() != null)
                            .reduce((a, b) -> b).map(h -> " by '" + h.actor() + "' at " + h.at()).orElse("");
                    return new TaskNotOpenException(ApprovalException.Subject.task(taskId).withInstance(task.instanceId())
                            .withNode(task.nodeId()).withUser(actor.user()), task.status(),
                            "task " + taskId + " (node '" + task.nodeId() + "' of instance " + task.instanceId()
                                    + ") is no longer open: it was " + task.status().name().toLowerCase(java.util.Locale.ROOT)
                                    + by + "; reload it to see the instance as it is now");
                }
            }
        } catch (NotFoundException unknown) {
            // answered below, as for a task the caller may not see
        }
        return new NotFoundException(ApprovalException.Subject.task(taskId).withUser(actor.user()),
                "task " + taskId + " is not an open task offered to user '" + actor.user() + "' or their roles "
                        + actor.roles() + ": reload the pending list");
    }

    /** Administrators, the initiator, users it offers a task to and users who acted on it see an instance. */
    private boolean sees(Actor actor, InstanceView instance, Supplier<List<TaskView>> pending,
                         Supplier<List<HistoryEntry>> history) {
        return isAdmin(actor) || actor.user().equals(instance.initiator())
                || pending.get().stream().anyMatch(t -> t.instanceId() == instance.id())
                || history.get().stream().anyMatch(h -> actor.user().equals(h.actor()));
    }

    /**
     * The instance if the caller is an administrator, started it, holds one of its open tasks or acted on it; otherwise
     * 404 with the same message whether or not it exists.
     */
    InstanceView visibleInstance(Actor actor, long instanceId) {
        try {
            InstanceView instance = engine.instance(instanceId);
            if (sees(actor, instance, () -> pending(actor), () -> engine.history(instanceId))) {
                return instance;
            }
        } catch (NotFoundException unknown) {
            // answered below, as for an instance the caller may not see
        }
        throw new NotFoundException(ApprovalException.Subject.instance(instanceId).withUser(actor.user()),
                "instance " + instanceId + " is not visible to user '" + actor.user() + "': only its initiator, users"
                        + " it offers a task to, users who acted on it and administrators see an instance");
    }
}
