package org.plantflow.approval.facts;

/**
 * One earlier node visit on the path that led to the task being returned. {@code depth} 1 is the visit just
 * before it, 2 the one before that, and so on. For a manual node, {@code taskId} and {@code completedBy} name the
 * task that passed it (0 and null for gateways and automatic nodes).
 */
public final class PathStep {
    private final String nodeId;
    private final long taskId;
    private final int depth;
    private final boolean manual;
    private final String completedBy;

    public PathStep(String nodeId, long taskId, int depth, boolean manual, String completedBy) {
        this.nodeId = nodeId;
        this.taskId = taskId;
        this.depth = depth;
        this.manual = manual;
        this.completedBy = completedBy;
    }

    public String getNodeId() { return nodeId; }
    public long getTaskId() { return taskId; }
    public int getDepth() { return depth; }
    public boolean isManual() { return manual; }
    public String getCompletedBy() { return completedBy; }

    @Override
    public String toString() { return "PathStep(" + depth + ": " + nodeId + " by " + completedBy + ")"; }
}
