package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeType;

/**
 * Template against its rules, read as text (a rule's conditions are not evaluated):
 * <ul>
 *   <li>NO_RULE_FOR_BRANCH: a flow out of an exclusive gateway (other than its default flow) that no rule serving
 *       the template routes to: no {@code new Route( "flowId", ... )}, no {@code new Route( ..., "targetNode" )}
 *       with a non-literal flow. A rule whose Route names neither by a literal could route anywhere, so it silences
 *       the check for the template;</li>
 *   <li>RULE_UNKNOWN_ID (an error): a rule in {@code rules/<template-key>/} that routes along a flow or to a node the
 *       template does not have, or constrains {@code nodeId == "x"} with a node it does not have
 *       ({@link RuleReferences}).</li>
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

    /** An error: rules that name what the template does not have would route contracts wrongly, silently. */
    private static void unknownIds(Validation v) {
        for (RuleReferences.Unknown u : RuleReferences.unknownIds(v.model, v.rules)) {
            v.error("RULE_UNKNOWN_ID", List.of(u.id()), "rule \"" + u.rule() + "\" (rules/" + u.file() + " line " + u.line()
                    + ") " + u.message());
        }
    }
}
