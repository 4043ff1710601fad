package org.plantflow.approval.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceDiagram;
import org.plantflow.approval.InstancePage;
import org.plantflow.approval.InstanceQuery;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Start an instance (the caller is its initiator), list instances, read one, its history with the rules' explanations
 * and its diagram state.
 */
@RestController
@RequestMapping(path = Api.BASE + "/instances", produces = MediaType.APPLICATION_JSON_VALUE)
class InstanceController {
    private final ApprovalEngine engine;
    private final Callers callers;

    InstanceController(ApprovalEngine engine, Callers callers) {
        this.engine = engine;
        this.callers = callers;
    }

    record StartRequest(String template, String businessKey, Map<String, Object> variables) {
    }

    /** One history row with why it came out so ({@link ApprovalEngine#explain(long)}). */
    record HistoryItem(HistoryEntry entry, boolean recorded, String note, List<Explanation.Decision> decisions,
                       Explanation.RulesUsed rules, String text) {
        static HistoryItem of(Explanation e) {
            return new HistoryItem(e.entry(), e.recorded(), e.note(), e.decisions(), e.rules(), e.text());
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<InstanceView> start(HttpServletRequest request, @RequestBody StartRequest body) {
        Actor actor = callers.actor(request);
        InstanceView started = engine.start(Api.required(body.template(), "template"),
                Api.required(body.businessKey(), "businessKey"), actor.user(),
                body.variables() == null ? Map.of() : body.variables());
        URI location = URI.create(request.getRequestURI().replaceAll("/+$", "") + "/" + started.id());
        return ResponseEntity.created(location).body(started);
    }

    /**
     * The instances the caller may list, newest first: administrators all of them, anyone else those they started
     * (narrower than what {@code GET /instances/{id}} shows them, which also counts tasks offered and acted on).
     */
    @GetMapping
    InstancePage instances(HttpServletRequest request,
                           @RequestParam(required = false) String template,
                           @RequestParam(required = false) InstanceStatus status,
                           @RequestParam(required = false) String businessKey,
                           @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "20") int size) {
        Actor actor = callers.actor(request);
        return engine.instances(new InstanceQuery(template, status, businessKey,
                callers.isAdmin(actor) ? null : actor.user(), page, size));
    }

    @GetMapping("/{instanceId}/diagram")
    InstanceDiagram diagram(HttpServletRequest request, @PathVariable long instanceId) {
        callers.visibleInstance(callers.actor(request), instanceId);
        return engine.diagram(instanceId);
    }

    @GetMapping("/{instanceId}")
    InstanceView instance(HttpServletRequest request, @PathVariable long instanceId) {
        return callers.visibleInstance(callers.actor(request), instanceId);
    }

    @GetMapping("/{instanceId}/history")
    List<HistoryItem> history(HttpServletRequest request, @PathVariable long instanceId) {
        callers.visibleInstance(callers.actor(request), instanceId);
        return engine.history(instanceId).stream().map(h -> HistoryItem.of(engine.explain(h.id()))).toList();
    }
}
