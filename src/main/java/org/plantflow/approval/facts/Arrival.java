package org.plantflow.approval.facts;

/**
 * One branch that reached a join: along which flow, from which node, and how many of that node's acceptors
 * were required and finished (seed 002's counting of required versus actual predecessor tasks).
 */
public final class Arrival {
    private final String flowId;
    private final String fromNode;
    private final int requiredTasks;
    private final int finishedTasks;

    public Arrival(String flowId, String fromNode, int requiredTasks, int finishedTasks) {
        this.flowId = flowId;
        this.fromNode = fromNode;
        this.requiredTasks = requiredTasks;
        this.finishedTasks = finishedTasks;
    }

    public String getFlowId() { return flowId; }
    public String getFromNode() { return fromNode; }
    public int getRequiredTasks() { return requiredTasks; }
    public int getFinishedTasks() { return finishedTasks; }

    @Override
    public String toString() { return "Arrival(" + flowId + " from " + fromNode + ", " + finishedTasks + "/" + requiredTasks + ")"; }
}
