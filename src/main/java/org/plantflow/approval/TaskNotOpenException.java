package org.plantflow.approval;

import java.util.Map;

/**
 * The task was already passed, returned or cancelled. Fields: {@link #taskId()}, {@link #status()} (what it is
 * now), {@link #instanceId()}, {@link #nodeId()} and {@link #user()} (who tried to act).
 */
public class TaskNotOpenException extends ConflictException {
    private final TaskStatus status;

    public TaskNotOpenException(Subject subject, TaskStatus status, String message) {
        super(subject, message);
        this.status = status;
    }

    /** The task's status now: COMPLETED, RETURNED or CANCELLED. */
    public TaskStatus status() {
        return status;
    }

    /** Adds {@code status}. */
    @Override
    protected void addDetails(Map<String, Object> details) {
        put(details, "status", status == null ? null : status.name());
    }
}
