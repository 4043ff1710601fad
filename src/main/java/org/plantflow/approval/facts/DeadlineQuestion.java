package org.plantflow.approval.facts;

/**
 * "This task is overdue: what now?" Asked by the deadline sweeper. The {@link Task}, its {@link Candidate}s
 * and the instance's facts are present. Answer with one {@link DeadlineAction}.
 */
public final class DeadlineQuestion {
    private final long taskId;
    private final String nodeId;
    private final String mode;
    private final long overdueMinutes;

    public DeadlineQuestion(long taskId, String nodeId, String mode, long overdueMinutes) {
        this.taskId = taskId;
        this.nodeId = nodeId;
        this.mode = mode;
        this.overdueMinutes = overdueMinutes;
    }

    public long getTaskId() { return taskId; }
    public String getNodeId() { return nodeId; }
    /** The node's approval:mode (single, countersign, orsign, vote). */
    public String getMode() { return mode; }
    /** How late the sweep found the task. */
    public long getOverdueMinutes() { return overdueMinutes; }

    @Override
    public String toString() { return "DeadlineQuestion(task " + taskId + " at " + nodeId + ", " + overdueMinutes + " min late)"; }
}
