package org.plantflow.approval;

/**
 * Someone else changed the same task or instance first (or it is no longer in a state that allows the
 * call). Nothing was changed by the refused call: reload and decide again.
 */
public class ConflictException extends ApprovalException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
