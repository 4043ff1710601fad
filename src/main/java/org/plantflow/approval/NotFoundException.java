package org.plantflow.approval;

/**
 * A task, instance or template that does not exist. The id asked for is the field: {@link #taskId()},
 * {@link #instanceId()} or {@link #templateKey()}.
 */
public class NotFoundException extends ApprovalException {
    public NotFoundException(Subject subject, String message) {
        super(subject, message);
    }
}
