package org.plantflow.approval.internal.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed template: what the engine runs. Immutable. {@code id} is the database id once deployed
 * (0 before).
 */
public record TemplateModel(long id, String key, int version, String name, String factsQuery,
                            Map<String, NodeDef> nodes, List<FlowDef> flows) {
    public TemplateModel {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        flows = List.copyOf(flows);
    }

    public NodeDef node(String nodeId) {
        return nodes.get(nodeId);
    }

    public NodeDef startNode() {
        return nodes.values().stream().filter(n -> n.type() == NodeType.START).findFirst()
                .orElseThrow(() -> new IllegalStateException("template " + key + " v" + version + " has no start node"));
    }

    public List<FlowDef> outgoing(String nodeId) {
        return flows.stream().filter(f -> f.source().equals(nodeId)).toList();
    }

    public List<FlowDef> incoming(String nodeId) {
        return flows.stream().filter(f -> f.target().equals(nodeId)).toList();
    }

    public String describe() {
        return key + " v" + version;
    }
}
