package org.plantflow.approval.facts;

/** The task an authorization or return question is about. */
public final class Task {
    private final long id;
    private final String nodeId;
    private final String status;

    public Task(long id, String nodeId, String status) {
        this.id = id;
        this.nodeId = nodeId;
        this.status = status;
    }

    public long getId() { return id; }
    public String getNodeId() { return nodeId; }
    public String getStatus() { return status; }

    @Override
    public String toString() { return "Task(" + id + " at " + nodeId + ")"; }
}
