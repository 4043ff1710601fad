package org.plantflow.approval;

/** A task, instance or template id that does not exist. */
public class NotFoundException extends ApprovalException {
    public NotFoundException(String message) {
        super(message);
    }
}
