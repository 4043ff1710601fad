package org.plantflow.approval.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.internal.template.NodeDef;

/**
 * What the rules decided for one step, before anything is written: the nodes passed through, where the
 * instance arrives (a manual node with its candidates, or an end), and every rule that fired.
 */
final class Plan {
    final List<String> rulesFired = new ArrayList<>();
    final List<String> decisions = new ArrayList<>();
    NodeDef arrival;
    Set<Candidate> candidates = new LinkedHashSet<>();

    boolean ends() {
        return arrival.type() == org.plantflow.approval.internal.template.NodeType.END;
    }

    void fired(List<String> rules) {
        rulesFired.addAll(rules);
    }

    String rulesText() {
        return rulesFired.isEmpty() ? null : String.join("; ", new LinkedHashSet<>(rulesFired));
    }

    String decisionText() {
        return String.join("; ", decisions);
    }
}
