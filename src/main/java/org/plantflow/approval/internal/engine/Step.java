package org.plantflow.approval.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.plantflow.approval.internal.persistence.Rows.HistoryRow;

/**
 * What one engine call did, for its history: the rules that fired, the decisions taken in words, the nodes
 * it arrived at, and further history rows (automatic actions, absorbed arrivals...) in the order they happened.
 */
final class Step {
    final List<String> rulesFired = new ArrayList<>();
    final List<String> decisions = new ArrayList<>();
    final List<String> arrivals = new ArrayList<>();
    final List<HistoryRow> extraRows = new ArrayList<>();
    /** The decisions the rules took in this call, for its decision record. */
    final DecisionLog log = new DecisionLog();
    private DecisionLog.Entry current;

    void fired(List<String> rules) {
        rulesFired.addAll(rules);
    }

    /** Records a question to the rules and its outcome; what the engine concludes from it follows in {@link #decided}. */
    void asked(DecisionLog.Kind kind, InstanceContext ctx, Object question, List<?> extra,
               org.plantflow.approval.internal.decision.DecisionPort.Outcome outcome) {
        fired(outcome.rulesFired());
        current = log.add(kind, ctx, question, extra, outcome);
    }

    /** What the engine concluded from the last answer, for the decision record only (not the history's words). */
    void noted(String text) {
        if (current != null) {
            current.decided(text);
        }
    }

    /** What the engine concluded from the last answer, in words: for the history row and the decision record. */
    void decided(String text) {
        decisions.add(text);
        if (current != null) {
            current.decided(text);
        }
    }

    String rulesText() {
        return rulesFired.isEmpty() ? null : String.join("; ", new LinkedHashSet<>(rulesFired));
    }

    String decisionText() {
        return decisions.isEmpty() ? null : String.join("; ", decisions);
    }

    /** The decision record of this call as stored with its history row (no decisions when the rules were not asked). */
    String recordJson(InstanceContext ctx) {
        return org.plantflow.approval.internal.history.DecisionRecords.toJson(log.toRecord(ctx));
    }

    String arrivalsText() {
        return arrivals.isEmpty() ? null : String.join(",", arrivals);
    }
}
