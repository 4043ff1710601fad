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
    public boolean equals(Object o) {
        return o instanceof Task t && t.id == id && java.util.Objects.equals(t.nodeId, nodeId)
                && java.util.Objects.equals(t.status, status);
    }

    @Override
    public int hashCode() { return java.util.Objects.hash(id, nodeId, status); }

    @Override
    public String toString() { return "Task(" + id + " at " + nodeId + ")"; }
}
