package org.plantflow.approval.facts;

/** Answer to a {@link ReturnQuestion}: return to this node (which must be on the path taken). */
public final class ReturnTo {
    private final String nodeId;

    public ReturnTo(String nodeId) { this.nodeId = nodeId; }

    public String getNodeId() { return nodeId; }

    @Override
    public String toString() { return "ReturnTo(" + nodeId + ")"; }
}
