package org.plantflow.approval.internal.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;

/**
 * Pairs each join of a template with the split it closes: the nearest split gateway that dominates the join
 * (every path from the start to the join passes it). In a well-structured template that is its partner; the
 * validator refuses the others. A merge that a loop comes back to (its own predecessor is dominated by it) is a
 * loop header, not a join, and closes no region.
 */
final class Structure {
    private Structure() {
    }

    /** Join node id to paired split node id, for joins that have one. */
    static Map<String, String> pairJoins(TemplateModel model) {
        return org.plantflow.approval.internal.template.JoinPairing.pairJoins(model);
    }

    static boolean isGateway(NodeDef n) {
        return n.type() == NodeType.PARALLEL_GATEWAY || n.type() == NodeType.EXCLUSIVE_GATEWAY;
    }

    static int incoming(TemplateModel model, String nodeId) {
        return (int) model.flows().stream().filter(f -> f.target().equals(nodeId)).count();
    }

    /** Iterative dominator sets over the nodes reachable from the start. */
    private static Map<String, Set<String>> dominators(TemplateModel model) {
        String start = model.startNode().id();
        Set<String> reachable = new LinkedHashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (reachable.add(n)) {
                model.outgoing(n).forEach(f -> todo.push(f.target()));
            }
        }
        Map<String, Set<String>> dom = new HashMap<>();
        for (String n : reachable) {
            dom.put(n, n.equals(start) ? new HashSet<>(Set.of(start)) : new HashSet<>(reachable));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String n : reachable) {
                if (n.equals(start)) {
                    continue;
                }
                Set<String> d = null;
                for (FlowDef f : model.flows()) {
                    if (f.target().equals(n) && reachable.contains(f.source())) {
                        if (d == null) {
                            d = new HashSet<>(dom.get(f.source()));
                        } else {
                            d.retainAll(dom.get(f.source()));
                        }
                    }
                }
                if (d == null) {
                    d = new HashSet<>();
                }
                d.add(n);
                if (!d.equals(dom.get(n))) {
                    dom.put(n, d);
                    changed = true;
                }
            }
        }
        return dom;
    }
}
