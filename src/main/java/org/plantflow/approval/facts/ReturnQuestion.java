package org.plantflow.approval.facts;

/**
 * "Where does the task go back to?" The path taken is present as {@link PathStep}s. Answer with
 * {@link ReturnTo}.
 */
public final class ReturnQuestion {
    private final String nodeId;

    public ReturnQuestion(String nodeId) { this.nodeId = nodeId; }

    public String getNodeId() { return nodeId; }

    @Override
    public String toString() { return "ReturnQuestion(" + nodeId + ")"; }
}
