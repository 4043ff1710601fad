package org.plantflow.approval.facts;

/**
 * "Who may take the task now created at {@code nodeId}?" Answer with {@link Candidate}s. When the task is
 * created by a return, {@code returned} is true and {@code previousActor} is who completed the node before.
 */
public final class AssignQuestion {
    private final String nodeId;
    private final boolean returned;
    private final String previousActor;

    public AssignQuestion(String nodeId, boolean returned, String previousActor) {
        this.nodeId = nodeId;
        this.returned = returned;
        this.previousActor = previousActor;
    }

    public String getNodeId() { return nodeId; }
    public boolean isReturned() { return returned; }
    public String getPreviousActor() { return previousActor; }

    @Override
    public String toString() { return "AssignQuestion(" + nodeId + (returned ? ", returned from " + previousActor : "") + ")"; }
}
