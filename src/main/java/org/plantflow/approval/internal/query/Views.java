package org.plantflow.approval.internal.query;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.internal.engine.Inputs;
import org.plantflow.approval.internal.engine.Variables;
import org.plantflow.approval.internal.persistence.ActivationStatus;
import org.plantflow.approval.internal.persistence.CandidateKind;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.TemplateRegistry;

/** Read-only queries, returned as snapshots of the public API. */
public final class Views {
    private final Store store;
    private final TemplateRegistry templates;

    public Views(Store store, TemplateRegistry templates) {
        this.store = store;
        this.templates = templates;
    }

    public InstanceView instance(long id) {
        InstanceRow row = store.instance(id);
        if (row == null) {
            throw new NotFoundException(Subject.instance(id), "instance " + id + " does not exist");
        }
        return view(row, store.liveActivations(id));
    }

    /** The snapshot after an engine call, from what the call already read: one query for the open tasks. */
    public InstanceView after(InstanceRow instance, List<ActivationRow> live) {
        return view(instance, live);
    }

    private InstanceView view(InstanceRow row, List<ActivationRow> live) {
        long id = row.id;
        int version = templates.byId(store, row.templateId).model().version();
        List<String> waiting = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (var a : live) {
            if (a.status == ActivationStatus.WAITING) {
                waiting.add(a.nodeId);
            } else if (a.status == ActivationStatus.FAILED) {
                failures.add(a.nodeId + ": " + a.errorText);
            }
        }
        return new InstanceView(row.id, row.templateKey, version, row.businessKey, row.status,
                row.initiator, Variables.fromJson(row.variables), instant(row.startedAt), instant(row.endedAt),
                live.isEmpty() ? List.of() : withCandidates(store.openTasksWithCandidates(id)), waiting, failures);
    }

    public List<TaskView> pendingTasks(String user, java.util.Collection<String> roles) {
        Inputs.pending(user, roles);
        return withCandidates(store.pendingTasks(user, roles == null ? List.of() : roles));
    }

    public List<HistoryEntry> history(long instanceId) {
        if (store.instance(instanceId) == null) {
            throw new NotFoundException(Subject.instance(instanceId), "instance " + instanceId + " does not exist");
        }
        return store.history(instanceId).stream().map(Views::entry).toList();
    }

    /** Why a history entry came out as it did, from its decision record. */
    public Explanation explain(long historyEntryId) {
        HistoryRow h = store.historyEntry(historyEntryId);
        if (h == null) {
            throw new NotFoundException(ApprovalException.Subject.NONE, "history entry " + historyEntryId + " does not exist; list an instance's "
                    + "entries with history(instanceId) (plantflow history --instance ID)");
        }
        Rows.RulesActivationRow activation = h.rulesActivationId == null ? null : store.rulesActivation(h.rulesActivationId);
        List<Rows.RulesFileRow> files = activation == null ? List.of() : store.rulesActivationFiles(activation.id);
        return Explainer.explain(h, entry(h), activation, files);
    }

    private static HistoryEntry entry(HistoryRow h) {
        return new HistoryEntry(h.id, h.instanceId, h.taskId, h.action, h.actor, h.commentText, h.fromNode,
                split(h.toNode, ","), split(h.rulesFired, "; "), h.decision, instant(h.createdAt));
    }

    private static List<TaskView> withCandidates(List<TaskRow> rows) {
        return rows.stream().map(t -> new TaskView(t.id, t.instanceId, t.templateKey, t.businessKey, t.nodeId, t.nodeName,
                t.status, instant(t.createdAt), instant(t.dueAt),
                t.candidates.stream().map(c -> (c.kind == CandidateKind.ROLE ? "role:" : "user:") + c.candidate).toList())).toList();
    }

    /** One task as a snapshot (any status). */
    public TaskView task(long id) {
        TaskRow t = store.task(id);
        if (t == null) {
            throw new NotFoundException(Subject.task(id), "task " + id + " does not exist");
        }
        return withCandidates(List.of(t)).get(0); // Store.task reads the candidates with the task
    }

    private static List<String> split(String s, String sep) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(java.util.regex.Pattern.quote(sep))).toList();
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
