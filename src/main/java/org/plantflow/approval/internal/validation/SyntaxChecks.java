package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.List;

import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.SignMode;

/**
 * Model-level syntax (seed 003 §2.1 "语法验证"): flows in and out of every node, the outcome flows of a vote, and a
 * way to find the actors of every user task. What the parser checks on the XML (ids, start/end count, dangling
 * flows, attribute forms) is done before this.
 */
final class SyntaxChecks {
    private SyntaxChecks() {
    }

    static void run(Validation v) {
        flowsInAndOut(v);
        voteOutcomes(v);
        actors(v);
    }

    /** Every node but the start has an incoming flow, every node but an end an outgoing one. */
    static void flowsInAndOut(Validation v) {
        Graph g = v.graph;
        for (int i = 0; i < g.size(); i++) {
            NodeDef n = g.nodes[i];
            boolean hasIn = g.in[i].length > 0;
            boolean hasOut = g.out[i].length > 0;
            if (!hasIn && !hasOut) {
                v.error("ISOLATED_NODE", List.of(n.id()), "node '" + n.id()
                        + "' has no flows at all; connect it or delete it");
                continue;
            }
            if (!hasIn && n.type() != NodeType.START) {
                v.error("NO_INCOMING_FLOW", List.of(n.id()), "node '" + n.id()
                        + "' has no incoming flow, so it can never be reached");
            }
            if (!hasOut && n.type() != NodeType.END) {
                v.error("NO_OUTGOING_FLOW", List.of(n.id()), "node '" + n.id()
                        + "' has no outgoing flow; connect it to the next node or an end event");
            }
            if (n.type() == NodeType.START && hasIn) {
                v.error("START_HAS_INCOMING", List.of(n.id()), "start event '" + n.id()
                        + "' must not have an incoming flow");
            }
            if (n.type() == NodeType.END && hasOut) {
                v.error("END_HAS_OUTGOING", List.of(n.id()), "end event '" + n.id()
                        + "' must not have an outgoing flow");
            }
        }
    }

    /**
     * A vote leaves with outcome pass or fail. The generic routing rules (rules/core/routing.drl) take the flow marked
     * {@code approval:on} with that outcome, or the only outgoing flow when there is just one. So with several
     * outgoing flows both a pass and a fail flow are needed (else the engine refuses the missing outcome with a
     * DecisionException) unless a template rule answers RouteQuestion for the node; with a single flow both outcomes
     * continue along it, which is reported as a warning.
     */
    static void voteOutcomes(Validation v) {
        Graph g = v.graph;
        for (int i = 0; i < g.size(); i++) {
            NodeDef n = g.nodes[i];
            if (n.type() != NodeType.USER_TASK || n.signMode() != SignMode.VOTE || g.out[i].length == 0) {
                continue;
            }
            List<String> flowIds = new ArrayList<>();
            boolean pass = false;
            boolean fail = false;
            for (int f : g.out[i]) {
                FlowDef flow = g.flows[f];
                flowIds.add(flow.id());
                pass |= "pass".equals(flow.outcome());
                fail |= "fail".equals(flow.outcome());
            }
            if (pass && fail) {
                continue;
            }
            boolean ruleRoutes = v.rules.all().stream()
                    .anyMatch(r -> r.mentions("RouteQuestion") && r.namesLiteral(n.id()));
            if (ruleRoutes) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            ids.add(n.id());
            ids.addAll(flowIds);
            List<String> missing = new ArrayList<>();
            if (!pass) {
                missing.add("pass");
            }
            if (!fail) {
                missing.add("fail");
            }
            String missingText = String.join("\" or approval:on=\"", missing);
            String vote = missing.size() == 2 ? "a passed or failed vote" : "a " + missing.get(0) + "ed vote";
            if (flowIds.size() == 1) {
                v.warning("VOTE_WITHOUT_OUTCOME_FLOWS", ids, "vote '" + n.id() + "' has only flow '" + flowIds.get(0)
                        + "' and no flow marked approval:on=\"" + missingText + "\", so " + vote + " continues along it "
                        + "like any other; if the outcome should change the path, mark one flow approval:on=\"pass\" "
                        + "and another approval:on=\"fail\"");
            } else {
                v.error("VOTE_WITHOUT_OUTCOME_FLOWS", ids, "vote '" + n.id() + "' has " + flowIds.size()
                        + " outgoing flows but none marked approval:on=\"" + missingText + "\", so the engine cannot "
                        + "route " + vote + " and refuses it; mark one flow approval:on=\"pass\" and one "
                        + "approval:on=\"fail\" (or route the vote with a rule in rules/" + v.model.key() + "/)");
            }
        }
    }

    /**
     * A user task needs someone to act: approval:roles, approval:acceptors, or an assignment rule of the template
     * (a rule in rules/&lt;key&gt;/, common/ or the top level that mentions AssignQuestion and either names the node
     * or pins no node at all).
     */
    static void actors(Validation v) {
        for (NodeDef n : v.graph.nodes) {
            if (n.type() != NodeType.USER_TASK || !n.roles().isEmpty() || !n.acceptors().isEmpty()) {
                continue;
            }
            boolean assigned = v.rules.all().stream().anyMatch(r -> r.mentions("AssignQuestion")
                    && (r.namesLiteral(n.id()) || !r.pinsANode()));
            if (!assigned) {
                v.error("NO_ACTORS", List.of(n.id()), "user task '" + n.id() + "' has no approval:roles, no "
                        + "approval:acceptors and no assignment rule, so nobody could ever act on its task; add "
                        + "approval:roles=\"...\" or approval:acceptors=\"...\", or a rule in rules/" + v.model.key()
                        + "/ that answers AssignQuestion( nodeId == \"" + n.id() + "\" )");
            }
        }
    }
}
