package org.plantflow.approval;

/**
 * Someone else changed the same task or instance first (or it is no longer in a state that allows the
 * call). Nothing was changed by the refused call: reload and decide again. The ids involved are in
 * {@link #subject()} (for a concurrent deploy: the template key and version).
 */
public class ConflictException extends ApprovalException {
    public ConflictException(Subject subject, String message) {
        super(subject, message);
    }

    public ConflictException(Subject subject, String message, Throwable cause) {
        super(subject, message, cause);
    }
}
