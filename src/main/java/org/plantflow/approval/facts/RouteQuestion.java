package org.plantflow.approval.facts;

/** "Where does the instance go after {@code nodeId}?" Answer with {@link Route}. */
public final class RouteQuestion {
    private final String nodeId;
    private final String action;

    public RouteQuestion(String nodeId, String action) {
        this.nodeId = nodeId;
        this.action = action;
    }

    public String getNodeId() { return nodeId; }
    /** START (leaving the start event), PASS, or ROUTE (passing through a gateway or automatic node). */
    public String getAction() { return action; }

    @Override
    public String toString() { return "RouteQuestion(" + nodeId + ", " + action + ")"; }
}
