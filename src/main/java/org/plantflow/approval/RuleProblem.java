package org.plantflow.approval;

/**
 * One compile error in a DRL file.
 *
 * @param file the DRL file, relative to the rules folder
 * @param line 1-based line, or 0 when Drools did not say
 * @param rule name of the rule that holds the line, or null when the error is outside any rule
 * @param message what Drools said
 */
public record RuleProblem(String file, int line, String rule, String message) {
    @Override
    public String toString() {
        return file + ":" + line + (rule == null ? "" : " (rule \"" + rule + "\")") + ": " + message;
    }
}
