package org.plantflow.approval;

/**
 * Root of every exception the engine throws. Unchecked; the message always names the things involved
 * (template file and node, rule file and line, task, instance, user) and says what to do.
 */
public class ApprovalException extends RuntimeException {
    public ApprovalException(String message) {
        super(message);
    }

    public ApprovalException(String message, Throwable cause) {
        super(message, cause);
    }
}
