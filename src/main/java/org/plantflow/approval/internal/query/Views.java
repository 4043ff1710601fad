package org.plantflow.approval.internal.query;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceDiagram;
import org.plantflow.approval.InstancePage;
import org.plantflow.approval.InstanceQuery;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceSummary;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.TaskContext;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.TemplateSource;
import org.plantflow.approval.TemplateVersion;
import org.plantflow.approval.internal.history.DecisionRecord;
import org.plantflow.approval.internal.history.DecisionRecords;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
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

    // ---------------------------------------------------------------- templates

    public List<TemplateVersion> templates() {
        return store.templateVersions().stream().map(Views::version).toList();
    }

    public TemplateSource template(String key, int version) {
        Inputs.templateKey(key);
        TemplateRow row = store.templateVersion(key, version);
        if (row == null) {
            throw new NotFoundException(Subject.NONE.withTemplate(key, version), "template '" + key + "' has no version "
                    + version + "; list the deployed versions with templates()");
        }
        return new TemplateSource(version(row), row.sourceXml);
    }

    private static TemplateVersion version(TemplateRow t) {
        return new TemplateVersion(t.templateKey, t.templateVersion, t.name, t.sourceFile, instant(t.deployedAt));
    }

    // ---------------------------------------------------------------- instance list

    public InstancePage instances(InstanceQuery q) {
        Inputs.instanceQuery(q);
        Store.InstanceFilter filter = new Store.InstanceFilter(q.templateKey(), q.status() == null ? null : q.status().name(),
                q.businessKey(), q.initiator());
        long total = store.countInstances(filter);
        List<InstanceSummary> items = total <= (long) q.page() * q.size() ? List.of()
                : store.instances(filter, (long) q.page() * q.size(), q.size()).stream()
                .map(r -> new InstanceSummary(r.id, r.templateKey, templates.byId(store, r.templateId).model().version(),
                        r.businessKey, r.status, r.initiator, instant(r.startedAt), instant(r.endedAt)))
                .toList();
        return new InstancePage(items, q.page(), q.size(), total);
    }

    // ---------------------------------------------------------------- diagram

    /** History actions that never carry a decision record of their own (their decisions are in their call's main row). */
    private static final Set<String> BOOKKEEPING = Set.of("END", "AUTO", "ABSORBED", "ACTION_FAILED");

    public InstanceDiagram diagram(long instanceId) {
        InstanceRow row = store.instance(instanceId);
        if (row == null) {
            throw new NotFoundException(Subject.instance(instanceId), "instance " + instanceId + " does not exist");
        }
        TemplateRow template = store.template(row.templateId);
        TemplateModel model = templates.byId(store, row.templateId).model();
        List<ActivationRow> visits = store.activations(instanceId);
        List<HistoryRow> history = store.historyWithRecords(instanceId);

        // flows: the routes the rules decided, as recorded with each call
        List<InstanceDiagram.TakenFlow> flows = new ArrayList<>();
        int unrecorded = 0;
        for (HistoryRow h : history) {
            if (h.decisionRecord == null) {
                if ((h.rulesFired != null || h.decision != null) && !BOOKKEEPING.contains(h.action)) {
                    unrecorded++;
                }
                continue;
            }
            DecisionRecord record = DecisionRecords.fromJson(h.decisionRecord, h.id);
            for (DecisionRecord.Decision d : record.decisions()) {
                if (!"route".equals(d.kind())) {
                    continue;
                }
                Set<String> seen = new LinkedHashSet<>(); // the engine follows each distinct route once (Decide.routes)
                for (DecisionRecord.Fact answer : d.answers()) {
                    Object flowId = answer.properties().get("flowId"); // read back from JSON: a map
                    if (!"Route".equals(answer.type()) || flowId == null || !seen.add(flowId + "->" + answer.properties().get("to"))) {
                        continue;
                    }
                    model.flows().stream().filter(f -> f.id().equals(flowId)).findFirst().ifPresent(f ->
                            flows.add(new InstanceDiagram.TakenFlow(f.id(), f.source(), f.target(), h.id, instant(h.createdAt))));
                }
            }
        }

        // nodes executed: completed visits, the start event, end events entered by a taken flow
        Map<String, Integer> completed = new LinkedHashMap<>();
        completed.put(model.startNode().id(), 0);
        visits.stream().filter(a -> a.status == ActivationStatus.COMPLETED)
                .sorted(java.util.Comparator.comparing((ActivationRow a) -> a.completedAt == null ? a.createdAt : a.completedAt)
                        .thenComparing(a -> a.id))
                .forEach(a -> completed.merge(a.nodeId, 1, Integer::sum));
        for (InstanceDiagram.TakenFlow f : flows) {
            NodeDef target = model.node(f.targetNode());
            if (target != null && target.type() == NodeType.END) {
                completed.putIfAbsent(f.targetNode(), 0);
            }
        }

        // where it stands
        Map<Long, List<TaskRow>> openByVisit = new LinkedHashMap<>();
        for (TaskRow t : store.openTasksWithCandidates(instanceId)) {
            openByVisit.computeIfAbsent(t.activationId, k -> new ArrayList<>()).add(t);
        }
        List<InstanceDiagram.CurrentNode> current = visits.stream()
                .filter(a -> a.status == ActivationStatus.ACTIVE || a.status == ActivationStatus.WAITING
                        || a.status == ActivationStatus.FAILED)
                .map(a -> new InstanceDiagram.CurrentNode(a.nodeId, a.status.name(), instant(a.createdAt),
                        withCandidates(openByVisit.getOrDefault(a.id, List.of()))))
                .toList();

        // per node: completed visits and the history rows that left or acted on it
        Map<String, List<HistoryEntry>> byNode = new LinkedHashMap<>();
        for (HistoryRow h : history) {
            String node = h.fromNode != null ? h.fromNode : "START".equals(h.action) ? model.startNode().id() : null;
            if (node != null) {
                byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(entry(h));
            }
        }
        Set<String> nodeIds = new LinkedHashSet<>(completed.keySet());
        visits.forEach(a -> nodeIds.add(a.nodeId));
        nodeIds.addAll(byNode.keySet());
        List<InstanceDiagram.NodeHistory> nodes = nodeIds.stream()
                .map(n -> new InstanceDiagram.NodeHistory(n, completed.getOrDefault(n, 0), byNode.getOrDefault(n, List.of())))
                .toList();

        return new InstanceDiagram(row.id, row.templateKey, model.version(), row.status, template.sourceXml,
                List.copyOf(completed.keySet()), flows, current, nodes, unrecorded);
    }

    // ---------------------------------------------------------------- task context

    /** The task with its instance's business facts and the manual nodes on the path back (see {@link TaskContext}). */
    public TaskContext taskContext(long taskId) {
        TaskRow t = store.task(taskId);
        if (t == null) {
            throw new NotFoundException(Subject.task(taskId), "task " + taskId + " does not exist");
        }
        InstanceRow instance = store.instance(t.instanceId);
        TemplateModel model = templates.byId(store, instance.templateId).model();
        String query = model.factsQuery();
        List<Object> facts = new ArrayList<>();
        if (query != null) {
            Map<String, Object> params = new LinkedHashMap<>(); // as InstanceContext gives them to the statement
            params.put("businessKey", instance.businessKey);
            params.put("templateKey", instance.templateKey);
            params.put("instanceId", instance.id);
            facts.addAll(store.businessFacts(query, params));
        }
        List<String> targets = new ArrayList<>();
        NodeDef node = model.node(t.nodeId);
        if (t.activationId != null && (node == null || node.signMode() != org.plantflow.approval.internal.template.SignMode.VOTE)) {
            Map<Long, ActivationRow> byId = new java.util.HashMap<>();
            store.activations(t.instanceId).forEach(a -> byId.put(a.id, a));
            ActivationRow at = byId.get(t.activationId);
            Long prev = at == null ? null : at.previousActivationId;
            Set<Long> seen = new java.util.HashSet<>();
            while (prev != null && seen.add(prev)) { // the path taken, newest first, as EngineCore walks it on a return
                ActivationRow a = byId.get(prev);
                if (a == null) {
                    break;
                }
                if ("USER_TASK".equals(a.nodeType) && !targets.contains(a.nodeId)) {
                    targets.add(a.nodeId);
                }
                prev = a.previousActivationId;
            }
        }
        return new TaskContext(withCandidates(List.of(t)).get(0), query, facts, targets);
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
