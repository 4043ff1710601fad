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

    void fired(List<String> rules) {
        rulesFired.addAll(rules);
    }

    String rulesText() {
        return rulesFired.isEmpty() ? null : String.join("; ", new LinkedHashSet<>(rulesFired));
    }

    String decisionText() {
        return decisions.isEmpty() ? null : String.join("; ", decisions);
    }

    String arrivalsText() {
        return arrivals.isEmpty() ? null : String.join(",", arrivals);
    }
}
