package org.plantflow.approval.internal.decision;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where rules are declared in a DRL text, read as lines ({@code rule "name"} ... {@code end}): which rule holds a line,
 * on which line a rule is declared, a rule's text. The one reader of declarations for messages (compile errors,
 * failing rules, warnings) and for the history's rule texts; no Drools here.
 */
public final class RuleDeclarations {
    private static final Pattern RULE_DECL = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");
    private static final Pattern END = Pattern.compile("^\\s*end\\s*(//.*)?$");

    private RuleDeclarations() {
    }

    /** The name of the rule this line declares, or null. */
    static String declared(String line) {
        Matcher m = RULE_DECL.matcher(line);
        return !m.find() ? null : m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The rule whose declaration is the last one at or before the 1-based line, or null outside any rule. */
    static String ruleAt(String text, int line) {
        String[] lines = text.split("\n", -1);
        String rule = null;
        for (int i = 0; i < Math.min(line, lines.length); i++) {
            String name = declared(lines[i]);
            if (name != null) {
                rule = name;
            } else if (lines[i].strip().equals("end")) {
                rule = i + 1 == line ? rule : null;
            }
        }
        return rule;
    }

    /** The 1-based line declaring this rule, or 0. */
    static int lineOf(String ruleName, String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (ruleName.equals(declared(lines[i]))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The rule's text from its declaration to its {@code end} (trailing blanks cut), or null when not declared here. */
    public static String text(String ruleName, String text) {
        int first = lineOf(ruleName, text);
        if (first == 0) {
            return null;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int j = first - 1; j < lines.length; j++) {
            out.append(lines[j].replace("\r", "")).append('\n');
            if (j > first - 1 && END.matcher(lines[j]).matches()) {
                break;
            }
        }
        return out.toString().stripTrailing();
    }

    /** {@link #lineOf} for callers outside this package. */
    public static int declarationLine(String ruleName, String text) {
        return lineOf(ruleName, text);
    }
}
