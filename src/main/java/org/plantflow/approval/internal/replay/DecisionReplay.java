package org.plantflow.approval.internal.replay;

import java.util.List;

/**
 * One recorded decision re-evaluated with candidate rules.
 *
 * @param nodeId      the node the question is about (for an authorization question: the task's node)
 * @param kind        route, assign, act, complete, join, return or deadline
 * @param question    the question in words, e.g. {@code RouteQuestion(gm_gate, ROUTE)}
 * @param before      the recorded answers in words, e.g. {@code Route(no_general_manager -> end_approved)}
 * @param after       the candidate's answers in words (null unless SAME or CHANGED)
 * @param rulesBefore the rules that fired when the decision was taken
 * @param rulesNow    the candidate rules that fired (empty unless SAME or CHANGED)
 * @param error       FAILED: the rule exception message, naming the rule; NOT_REPLAYABLE: the reason
 */
public record DecisionReplay(long historyEntryId, long instanceId, String businessKey, String templateKey,
                             int templateVersion, String nodeId, String kind, String question, Verdict verdict,
                             String before, String after, List<String> rulesBefore, List<String> rulesNow,
                             String error) {
    public enum Verdict { SAME, CHANGED, FAILED, NOT_REPLAYABLE }

    public DecisionReplay {
        rulesBefore = List.copyOf(rulesBefore);
        rulesNow = List.copyOf(rulesNow);
    }

    @Override
    public String toString() {
        String where = "history entry " + historyEntryId + " (instance " + instanceId + ", " + businessKey + ", "
                + templateKey + " v" + templateVersion + ") " + kind + " at " + nodeId;
        return switch (verdict) {
            case SAME -> where + ": same (" + before + ")";
            case CHANGED -> where + ": " + before + " -> " + after + " (rules before " + rulesBefore + ", now " + rulesNow + ")";
            case FAILED -> where + ": FAILED: " + error;
            case NOT_REPLAYABLE -> where + ": cannot replay: " + error;
        };
    }
}
