package org.plantflow.approval.internal.query;

import org.plantflow.approval.Explanation;
import org.plantflow.approval.internal.decision.RuleDeclarations;

/** Finds a rule's text (from its {@code rule "name"} line to its {@code end}) in a rule file as it was activated. */
final class RuleSource {
    private RuleSource() {
    }

    /** The rule's text in this file, or null when the file does not declare it. */
    static Explanation.RuleText find(String rule, String path, String sha256, String content) {
        String text = RuleDeclarations.text(rule, content);
        return text == null ? null
                : new Explanation.RuleText(rule, path, RuleDeclarations.declarationLine(rule, content), sha256.strip(), text);
    }
}
