package org.plantflow.approval.internal.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.plantflow.approval.Explanation;

/** Finds a rule's text (from its {@code rule "name"} line to its {@code end}) in a rule file as it was activated. */
final class RuleSource {
    private static final Pattern RULE_DECL = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");
    private static final Pattern END = Pattern.compile("^\\s*end\\s*(//.*)?$");

    private RuleSource() {
    }

    /** The rule's text in this file, or null when the file does not declare it. */
    static Explanation.RuleText find(String rule, String path, String sha256, String content) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = RULE_DECL.matcher(lines[i]);
            if (!m.find() || !rule.equals(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3))) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (int j = i; j < lines.length; j++) {
                text.append(lines[j].replace("\r", "")).append('\n');
                if (j > i && END.matcher(lines[j]).matches()) {
                    break;
                }
            }
            return new Explanation.RuleText(rule, path, i + 1, sha256.strip(), text.toString().stripTrailing());
        }
        return null;
    }
}
