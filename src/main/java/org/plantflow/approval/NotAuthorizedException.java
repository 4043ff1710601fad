package org.plantflow.approval;

/**
 * The authorization rules did not permit this actor to act on this task. Fields: {@link #taskId()},
 * {@link #user()} (the actor), {@link #rulesFired()}, {@link #instanceId()}, {@link #nodeId()},
 * {@link #templateKey()}, {@link #templateVersion()}, {@link #businessKey()}.
 */
public class NotAuthorizedException extends ApprovalException {
    public NotAuthorizedException(Subject subject, String message) {
        super(subject, message);
    }
}
