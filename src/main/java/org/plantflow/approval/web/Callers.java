package org.plantflow.approval.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.ConflictException;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.NotAuthorizedException;
import org.plantflow.approval.NotFoundException;
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

    /** The open task if it is offered to the caller; otherwise 404, whether or not the task exists. */
    TaskView offeredTask(Actor actor, long taskId) {
        return pending(actor).stream().filter(t -> t.id() == taskId).findFirst()
                .orElseThrow(() -> new NotFoundException(ApprovalException.Subject.task(taskId).withUser(actor.user()),
                        "task " + taskId + " is not an open task offered to user '" + actor.user() + "' or their roles "
                                + actor.roles() + ": reload the pending list"));
    }

    /**
     * The open task the caller acts on (pass, return). A task that is no longer open, of an instance the caller may see
     * (they started it, acted on it, hold one of its tasks, or administer), is a conflict (409) naming who closed it,
     * so that a second page open on it can say that someone acted first; any other task not offered to the caller is
     * 404 as in {@link #offeredTask}. (A closed task keeps no candidates, so a role holder who never touched the
     * instance gets the 404.)
     */
    TaskView actionableTask(Actor actor, long taskId) {
        try {
            return offeredTask(actor, taskId);
        } catch (NotFoundException notOpen) {
            TaskView task;
            try {
                task = engine.taskContext(taskId).task();
                if (task.status() == TaskStatus.OPEN) {
                    throw notOpen;
                }
                visibleInstance(actor, task.instanceId());
            } catch (NotFoundException unknownOrHidden) {
                throw notOpen;
            }
            String closedBy = engine.history(task.instanceId()).stream()
                    .filter(h -> h.taskId() != null && h.taskId() == taskId && h.actor() != null)
                    .reduce((first, second) -> second)
                    .map(h -> " by " + h.actor() + " (" + h.action() + " at " + h.at() + ")").orElse("");
            throw new ConflictException(ApprovalException.Subject.task(taskId).withInstance(task.instanceId())
                    .withUser(actor.user()),
                    "task " + taskId + " is no longer open (" + task.status() + closedBy + "): someone acted on it first;"
                            + " reload the pending list");
        }
    }

    /**
     * The instance if the caller is an administrator, started it, holds one of its open tasks or acted on it; otherwise
     * 404 with the same message whether or not it exists.
     */
    InstanceView visibleInstance(Actor actor, long instanceId) {
        try {
            InstanceView instance = engine.instance(instanceId);
            if (isAdmin(actor) || actor.user().equals(instance.initiator())
                    || pending(actor).stream().anyMatch(t -> t.instanceId() == instanceId)
                    || engine.history(instanceId).stream().anyMatch(h -> actor.user().equals(h.actor()))) {
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
