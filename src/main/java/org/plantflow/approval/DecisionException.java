package org.plantflow.approval;

/**
 * The rules gave no answer, or contradicting answers, to a routing question (or a rule failed while deciding).
 * The operation was refused and nothing changed; fix the rules (or the template) and try again.
 * <p>
 * Fields: {@link #rulesFired()}, and as far as known {@link #instanceId()}, {@link #nodeId()} (the node the
 * question was about), {@link #templateKey()}, {@link #templateVersion()}, {@link #businessKey()} and
 * {@link #taskId()} (for questions about one task: authorization, return, deadline).
 */
public class DecisionException extends ApprovalException {
    /** @param subject the ids involved; its {@link Subject#rulesFired()} are the rules that fired */
    public DecisionException(Subject subject, String message) {
        super(subject, message);
    }

    public DecisionException(Subject subject, String message, Throwable cause) {
        super(subject, message, cause);
    }
}
