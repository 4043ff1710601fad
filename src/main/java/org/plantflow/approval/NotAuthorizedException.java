package org.plantflow.approval;

import java.util.List;

/** The authorization rules did not permit this actor to act on this task. */
public class NotAuthorizedException extends ApprovalException {
    private final long taskId;
    private final String user;
    private final List<String> rulesFired;

    public NotAuthorizedException(long taskId, String user, List<String> rulesFired, String message) {
        super(message);
        this.taskId = taskId;
        this.user = user;
        this.rulesFired = List.copyOf(rulesFired);
    }

    public long taskId() {
        return taskId;
    }

    public String user() {
        return user;
    }

    public List<String> rulesFired() {
        return rulesFired;
    }
}
