package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeType;

/**
 * Template against its rules, read as text (warnings: a rule's conditions are not evaluated):
 * <ul>
 *   <li>NO_RULE_FOR_BRANCH: a flow out of an exclusive gateway (other than its default flow) that no rule serving
 *       the template routes to: no {@code new Route( "flowId", ... )}, no {@code new Route( ..., "targetNode" )}
 *       with a non-literal flow. A rule whose Route names neither by a literal could route anywhere, so it silences
 *       the check for the template;</li>
 *   <li>RULE_UNKNOWN_ID: a rule in {@code rules/<template-key>/} that routes along a flow or to a node the template
 *       does not have, or constrains {@code nodeId == "x"} with a node it does not have.</li>
 * </ul>
 */
final class RulesCrossCheck {
    private RulesCrossCheck() {
    }

    static void run(Validation v) {
        unroutedBranches(v);
        unknownIds(v);
    }

    private static void unroutedBranches(Validation v) {
        Graph g = v.graph;
        List<RuleTexts.RouteCall> routes = new ArrayList<>();
        for (RuleTexts.Rule r : v.rules.all()) {
            routes.addAll(r.routes());
        }
        if (routes.stream().anyMatch(c -> c.flow().dynamic() && c.node().dynamic())) {
            return;
        }
        for (int n = 0; n < g.size(); n++) {
            if (g.type(n) != NodeType.EXCLUSIVE_GATEWAY || g.out[n].length < 2) {
                continue;
            }
            for (int f : g.out[n]) {
                FlowDef flow = g.flows[f];
                if (flow.isDefault()) {
                    continue;
                }
                boolean routed = routes.stream().anyMatch(c -> flow.id().equals(c.flow().literal())
                        || (c.flow().literal() == null && flow.target().equals(c.node().literal())));
                if (!routed) {
                    v.warning("NO_RULE_FOR_BRANCH", List.of(g.id(n), flow.id()), "no rule routes exclusive gateway '"
                            + g.id(n) + "' along flow '" + flow.id() + "' (to '" + flow.target() + "'), so that branch "
                            + "is never taken" + (hasDefault(g, n) ? "" : " and, when no rule answers, the engine refuses "
                            + "to go on (the gateway has no default flow)") + "; add a rule in rules/" + v.model.key()
                            + "/ that inserts new Route( \"" + flow.id() + "\", \"" + flow.target() + "\" ) when "
                            + "that branch applies");
                }
            }
        }
    }

    private static boolean hasDefault(Graph g, int node) {
        for (int f : g.out[node]) {
            if (g.flows[f].isDefault()) {
                return true;
            }
        }
        return false;
    }

    private static void unknownIds(Validation v) {
        Set<String> flows = new LinkedHashSet<>();
        v.model.flows().forEach(f -> flows.add(f.id()));
        Set<String> seen = new LinkedHashSet<>();
        for (RuleTexts.Rule r : v.rules.own()) {
            for (RuleTexts.RouteCall c : r.routes()) {
                String flow = c.flow().literal();
                if (flow != null && !flows.contains(flow) && seen.add(r.where() + "/flow/" + flow)) {
                    v.warning("RULE_UNKNOWN_ID", List.of(flow), "rule \"" + r.name() + "\" (rules/" + r.file() + " line "
                            + c.line() + ") routes along flow '" + flow + "', which template '" + v.model.key()
                            + "' does not have, so the engine would refuse that route; use one of the flows of the "
                            + "node it answers for, or correct the rule");
                }
                String node = c.node().literal();
                if (node != null && v.model.node(node) == null && seen.add(r.where() + "/node/" + node)) {
                    v.warning("RULE_UNKNOWN_ID", List.of(node), "rule \"" + r.name() + "\" (rules/" + r.file() + " line "
                            + c.line() + ") routes to node '" + node + "', which template '" + v.model.key()
                            + "' does not have, so the engine would refuse that route; correct the node id in the rule");
                }
            }
            for (RuleTexts.NodeIdRef ref : r.nodeIds()) {
                if (v.model.node(ref.nodeId()) == null && seen.add(r.where() + "/nodeId/" + ref.nodeId())) {
                    v.warning("RULE_UNKNOWN_ID", List.of(ref.nodeId()), "rule \"" + r.name() + "\" (rules/" + r.file()
                            + " line " + ref.line() + ") asks about node '" + ref.nodeId() + "' (nodeId == \""
                            + ref.nodeId() + "\"), which template '" + v.model.key() + "' does not have, so the rule "
                            + "never applies; correct the node id in the rule");
                }
            }
        }
    }
}
