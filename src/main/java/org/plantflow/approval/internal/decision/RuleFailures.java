package org.plantflow.approval.internal.decision;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Node;

/**
 * Turns an exception thrown inside a rule session into words an analyst can act on: which rule (file, line, name),
 * which condition or consequence, the question and the fact values it was evaluated on.
 * <p>
 * A consequence that throws is the rule that was firing. A condition that throws (MVEL evaluates conditions lazily,
 * so a type error such as {@code number("amount") > "five million"} compiles and fails on the first fact it meets)
 * names no rule in Drools' exception, only the expression: the rule is found by that expression in the files.
 */
final class RuleFailures {
    private static final int MAX_FACTS_TEXT = 1_500;

    /** A rule that failed, where it is, and what failed in it (a condition's text, or null for the consequence). */
    record Culprit(String rule, CompiledRules.RuleLocation location, String condition) {
        String describe() {
            return "rule \"" + rule + "\" (" + (location == null ? "file unknown" : location) + ") failed in its "
                    + (condition == null ? "consequence" : "condition " + condition);
        }
    }

    private RuleFailures() {
    }

    /** The rules that failed: the one firing (consequence), or the ones whose condition text matches the failed expression. */
    static List<Culprit> culprits(Throwable e, String firingRule, List<CompiledRules.RuleFile> files) {
        String expression = failedExpression(e);
        List<Culprit> out = new ArrayList<>();
        if (expression != null) {
            out.addAll(byCondition(expression, files));
        }
        if (out.isEmpty() && firingRule != null) {
            out.add(new Culprit(firingRule, locate(firingRule, files), expression));
        }
        return out;
    }

    /** The message of a failed decision: the rule(s), the question, the facts and what went wrong. */
    static String message(Throwable e, List<Culprit> culprits, Object question, Collection<?> facts) {
        String who = culprits.isEmpty() ? "a rule (Drools did not say which) failed"
                : String.join(" or ", culprits.stream().map(Culprit::describe).toList());
        return who + " while deciding " + question + " on " + factsText(facts) + ": " + rootMessage(e)
                + "; fix the rule and reload the rules (this call changed nothing)";
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                msg = c.getMessage();
            }
        }
        return msg == null ? e.getClass().getSimpleName() : msg.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    /** The instance's facts as the rules saw them, without the template's Node and Flow facts (they are the template). */
    private static String factsText(Collection<?> facts) {
        StringBuilder sb = new StringBuilder();
        for (Object f : facts) {
            if (f instanceof Node || f instanceof Flow) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f);
            if (sb.length() > MAX_FACTS_TEXT) {
                sb.setLength(MAX_FACTS_TEXT);
                sb.append("...");
                break;
            }
        }
        return sb.length() == 0 ? "no instance facts" : sb.toString();
    }

    /** The expression MVEL failed on, when the exception says (its {@code getExpr()}). */
    static String failedExpression(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.mvel2.CompileException ce && ce.getExpr() != null && ce.getExpr().length > 0) {
                return new String(ce.getExpr()).strip();
            }
        }
        return null;
    }

    /** The rules whose text holds this condition (whitespace may differ). */
    static List<Culprit> byCondition(String expression, List<CompiledRules.RuleFile> files) {
        String[] tokens = expression.split("\\s+");
        StringBuilder regex = new StringBuilder();
        for (String t : tokens) {
            if (regex.length() > 0) {
                regex.append("\\s*");
            }
            regex.append(Pattern.quote(t));
        }
        Pattern p = Pattern.compile(regex.toString());
        List<Culprit> out = new ArrayList<>();
        for (CompiledRules.RuleFile f : files) {
            String text = new String(f.content(), StandardCharsets.UTF_8);
            Matcher m = p.matcher(text);
            while (m.find()) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count();
                String rule = CompiledRules.ruleAt(text, line);
                if (rule != null) {
                    out.add(new Culprit(rule, new CompiledRules.RuleLocation(f.path(), line), expression));
                }
            }
        }
        return out;
    }

    private static CompiledRules.RuleLocation locate(String rule, List<CompiledRules.RuleFile> files) {
        return CompiledRules.locate(rule, files);
    }
}
