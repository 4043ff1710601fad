package org.plantflow.approval;

import java.util.List;

/**
 * The rules gave no answer, or contradicting answers, to a routing question. The operation was refused
 * and nothing changed; fix the rules (or the template) and try again.
 */
public class DecisionException extends ApprovalException {
    private final List<String> rulesFired;

    public DecisionException(String message, List<String> rulesFired) {
        super(message);
        this.rulesFired = List.copyOf(rulesFired);
    }

    public List<String> rulesFired() {
        return rulesFired;
    }
}
