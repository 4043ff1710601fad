package org.plantflow.approval.internal.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.NotFoundException;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Node;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
import org.plantflow.approval.internal.persistence.Store;

/**
 * Deployed template versions, loaded from pf_node/pf_edge once and cached by id (a deployed version never
 * changes), together with their Node and Flow facts for the rules.
 */
public final class TemplateRegistry {

    /**
     * A deployed template, the facts that describe it to the rules, and each join's paired split.
     */
    public record Deployed(TemplateModel model, List<Object> facts, Map<String, String> joinSplits) {
    }

    private final Map<Long, Deployed> byId = new ConcurrentHashMap<>();

    public Deployed byId(Store store, long templateId) {
        Deployed d = byId.get(templateId);
        if (d != null) {
            return d;
        }
        TemplateRow row = store.template(templateId);
        if (row == null) {
            throw new NotFoundException(Subject.NONE, "template id " + templateId + " does not exist; an instance refers to a "
                    + "template version that was deleted from pf_template");
        }
        return load(store, row);
    }

    /** The latest version of a key. */
    public Deployed latest(Store store, String key) {
        TemplateRow row = store.latestTemplate(key);
        if (row == null) {
            throw new NotFoundException(Subject.template(key, null), "no template with key '" + key + "' is deployed; "
                    + "deploy its BPMN file first "
                    + "(plantflow deploy FILE, or ApprovalEngine.deploy)");
        }
        Deployed d = byId.get(row.id);
        return d != null ? d : load(store, row);
    }

    private Deployed load(Store store, TemplateRow row) {
        Map<String, NodeDef> nodes = new LinkedHashMap<>();
        for (NodeRow n : store.nodes(row.id)) {
            nodes.put(n.nodeId, new NodeDef(n.nodeId, NodeType.valueOf(n.nodeType), n.name, csv(n.roles), csv(n.acceptors),
                    SignMode.ofAttribute(n.signMode), n.voteThreshold, n.deadline, n.actionName));
        }
        List<FlowDef> flows = new ArrayList<>();
        for (EdgeRow e : store.edges(row.id)) {
            flows.add(new FlowDef(e.edgeId, e.sourceNode, e.targetNode, e.name, e.isDefault == 1, e.outcome));
        }
        TemplateModel model = new TemplateModel(row.id, row.templateKey, row.templateVersion, row.name, row.factsQuery,
                nodes, flows);
        Deployed d = new Deployed(model, facts(model), joinSplits(model));
        byId.put(row.id, d);
        return d;
    }

    /** Each join's paired split, as the engine runs it: the one pairing the validator checks too ({@link JoinPairing}). */
    public static Map<String, String> joinSplits(TemplateModel model) {
        return Map.copyOf(JoinPairing.pairJoins(model));
    }

    /** The Node and Flow facts that describe a template version to the rules. */
    public static List<Object> facts(TemplateModel model) {
        List<Object> facts = new ArrayList<>();
        for (NodeDef n : model.nodes().values()) {
            facts.add(new Node(n.id(), n.type().name(), n.name(), n.roles(), n.acceptors(), n.signMode().attribute(),
                    n.voteThreshold(), n.deadline(), n.action(), model.incoming(n.id()).size(), model.outgoing(n.id()).size()));
        }
        for (FlowDef f : model.flows()) {
            facts.add(new Flow(f.id(), f.source(), f.target(), f.name(), f.isDefault(), f.outcome()));
        }
        return List.copyOf(facts);
    }

    static List<String> csv(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
