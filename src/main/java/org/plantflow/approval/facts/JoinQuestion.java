package org.plantflow.approval.facts;

import java.util.List;

/**
 * "Does the join continue?" Asked on every arrival at a gateway with several incoming flows. Each
 * arrival so far is present as an {@link Arrival}. Answer with {@link JoinContinues}, or nothing to wait.
 */
public final class JoinQuestion {
    private final String nodeId;
    private final String type;
    private final List<String> incomingFlows;
    private final List<String> arrivedFlows;

    public JoinQuestion(String nodeId, String type, List<String> incomingFlows, List<String> arrivedFlows) {
        this.nodeId = nodeId;
        this.type = type;
        this.incomingFlows = List.copyOf(incomingFlows);
        this.arrivedFlows = List.copyOf(arrivedFlows);
    }

    public String getNodeId() { return nodeId; }
    /** PARALLEL_GATEWAY (AND-join) or EXCLUSIVE_GATEWAY (OR-join). */
    public String getType() { return type; }
    public List<String> getIncomingFlows() { return incomingFlows; }
    public List<String> getArrivedFlows() { return arrivedFlows; }
    /** True when every incoming flow has arrived. */
    public boolean isAllArrived() { return arrivedFlows.containsAll(incomingFlows); }

    @Override
    public String toString() { return "JoinQuestion(" + nodeId + " " + type + ": " + arrivedFlows + " of " + incomingFlows + ")"; }
}
