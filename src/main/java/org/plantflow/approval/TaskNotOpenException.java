package org.plantflow.approval;

/** The task was already passed, returned or cancelled. */
public class TaskNotOpenException extends ConflictException {
    private final long taskId;

    public TaskNotOpenException(long taskId, String message) {
        super(message);
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}
