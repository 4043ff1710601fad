package org.plantflow.approval.facts;

/** "Where does the instance go after {@code nodeId}?" Answer with {@link Route}. */
public final class RouteQuestion {
    private final String nodeId;
    private final String action;
    private final String outcome;

    public RouteQuestion(String nodeId, String action, String outcome) {
        this.nodeId = nodeId;
        this.action = action;
        this.outcome = outcome;
    }

    public String getNodeId() { return nodeId; }
    /** START (leaving the start event), PASS, or ROUTE (passing through a gateway or automatic node). */
    public String getAction() { return action; }
    /** "pass" or "fail" when the node decided an outcome (a vote), else "pass" for a completed node, null at start. */
    public String getOutcome() { return outcome; }

    @Override
    public String toString() { return "RouteQuestion(" + nodeId + ", " + action + (outcome == null ? "" : ", " + outcome) + ")"; }
}
