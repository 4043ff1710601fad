package org.plantflow.approval.facts;

/** Answer to a {@link RouteQuestion}: take this flow to this node. */
public final class Route {
    private final String flowId;
    private final String to;

    public Route(String flowId, String to) {
        this.flowId = flowId;
        this.to = to;
    }

    public String getFlowId() { return flowId; }
    public String getTo() { return to; }

    @Override
    public String toString() { return "Route(" + flowId + " -> " + to + ")"; }
}
