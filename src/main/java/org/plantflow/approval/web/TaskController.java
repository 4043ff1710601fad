package org.plantflow.approval.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskContext;
import org.plantflow.approval.TaskView;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's pending tasks, one task, pass and return. A task not offered to the caller is 404. */
@RestController
@RequestMapping(path = Api.BASE + "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
class TaskController {
    private final ApprovalEngine engine;
    private final Callers callers;

    TaskController(ApprovalEngine engine, Callers callers) {
        this.engine = engine;
        this.callers = callers;
    }

    /**
     * A task with its instance, the actions the caller may ask for (the rules still decide at the call), the instance's
     * business facts (the template's fact query rows) and the nodes a return may name, newest first.
     */
    record TaskDetail(TaskView task, InstanceView instance, List<String> actions, String factsQuery,
                      List<Object> businessFacts, List<String> returnTargets) {
    }

    record PassRequest(String comment) {
    }

    /** @param target the node to return to; null: the previous manual node on the path taken */
    record ReturnRequest(String comment, String target) {
    }

    @GetMapping
    Api.Page<TaskView> pending(HttpServletRequest request,
                               @RequestParam(required = false) String template,
                               @RequestParam(required = false) String businessKey,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "20") int size) {
        List<TaskView> mine = callers.pending(callers.actor(request)).stream()
                .filter(t -> template == null || template.equals(t.templateKey()))
                .filter(t -> businessKey == null || businessKey.equals(t.businessKey()))
                .toList();
        return Api.Page.of(mine, page, size);
    }

    @GetMapping("/{taskId}")
    TaskDetail task(HttpServletRequest request, @PathVariable long taskId) {
        TaskView task = callers.offeredTask(callers.actor(request), taskId);
        TaskContext context = engine.taskContext(taskId);
        return new TaskDetail(task, engine.instance(task.instanceId()), List.of("pass", "return"), context.factsQuery(),
                context.businessFacts(), context.returnTargets());
    }

    @PostMapping(path = "/{taskId}/pass")
    InstanceView pass(HttpServletRequest request, @PathVariable long taskId,
                      @RequestBody(required = false) PassRequest body) {
        Actor actor = callers.actor(request);
        callers.actionableTask(actor, taskId);
        return engine.pass(taskId, actor, body == null ? null : body.comment());
    }

    @PostMapping(path = "/{taskId}/return")
    InstanceView returnTask(HttpServletRequest request, @PathVariable long taskId,
                            @RequestBody(required = false) ReturnRequest body) {
        Actor actor = callers.actor(request);
        callers.actionableTask(actor, taskId);
        String comment = body == null ? null : body.comment();
        return body == null || body.target() == null
                ? engine.returnTask(taskId, actor, comment)
                : engine.returnTask(taskId, actor, comment, body.target());
    }
}
