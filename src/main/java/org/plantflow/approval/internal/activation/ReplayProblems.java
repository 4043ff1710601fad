package org.plantflow.approval.internal.activation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.internal.replay.DecisionReplay;

/**
 * Replayed decisions in an activation's words: each rule that now throws is one problem (file, line and rule from the
 * failure's message, which names them), however many recorded decisions it breaks; a decision that comes out
 * differently is one line of the report.
 */
final class ReplayProblems {
    private static final Pattern CULPRIT = Pattern.compile("rule \"([^\"]+)\" \\(([^():]+):(\\d+)\\)");

    private ReplayProblems() {
    }

    static List<RuleProblem> problems(List<DecisionReplay> failed) {
        Map<String, List<DecisionReplay>> byCause = new LinkedHashMap<>();
        Map<String, RuleProblem> first = new LinkedHashMap<>();
        for (DecisionReplay f : failed) {
            String error = f.error() == null ? "" : f.error();
            Matcher m = CULPRIT.matcher(error);
            String key = m.find() ? m.group(2) + ":" + m.group(3) + ":" + m.group(1) : error;
            byCause.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            if (!first.containsKey(key)) {
                boolean located = !key.equals(error);
                first.put(key, new RuleProblem(located ? m.group(2) : "(replay)", located ? Integer.parseInt(m.group(3)) : 0,
                        located ? m.group(1) : null, ""));
            }
        }
        List<RuleProblem> out = new ArrayList<>();
        byCause.forEach((key, list) -> {
            RuleProblem p = first.get(key);
            DecisionReplay f = list.get(0);
            out.add(new RuleProblem(p.file(), p.line(), p.rule(), list.size() + " recorded decision(s) of recent "
                    + "instances now fail with these rules, e.g. history entry " + f.historyEntryId() + " (instance "
                    + f.instanceId() + ", " + f.businessKey() + ", " + f.kind() + " at " + f.nodeId() + "): " + f.error()));
        });
        return out;
    }

    /**
     * Scenario rows that fail because a rule throws are one problem at that rule (file, line), naming the rows: a
     * broken condition fails every row of its template, and the analyst has one thing to fix. Other failures stay.
     */
    static List<RuleProblem> byFailingRule(List<RuleProblem> failures) {
        Map<String, List<RuleProblem>> byRule = new LinkedHashMap<>();
        List<RuleProblem> out = new ArrayList<>();
        for (RuleProblem p : failures) {
            Matcher m = CULPRIT.matcher(p.message());
            if (m.find() && p.message().contains("the rules failed on this row")) {
                byRule.computeIfAbsent(m.group(2) + ":" + m.group(3) + ":" + m.group(1), k -> new ArrayList<>()).add(p);
            } else {
                out.add(p);
            }
        }
        byRule.forEach((key, rows) -> {
            Matcher m = CULPRIT.matcher(rows.get(0).message());
            m.find();
            List<String> where = rows.stream().map(r -> r.file() + ":" + r.line()).toList();
            out.add(new RuleProblem(m.group(2), Integer.parseInt(m.group(3)), m.group(1), rows.size()
                    + " scenario row(s) fail on this rule (" + String.join(", ", where.subList(0, Math.min(8, where.size())))
                    + (where.size() > 8 ? ", ..." : "") + "), e.g. " + rows.get(0).file() + ":" + rows.get(0).line() + ": "
                    + rows.get(0).message()));
        });
        return out;
    }

    static String words(DecisionReplay c) {
        return "history entry " + c.historyEntryId() + " (instance " + c.instanceId() + ", " + c.businessKey() + ", "
                + c.templateKey() + " v" + c.templateVersion() + ") " + c.kind() + " at " + c.nodeId() + ": " + c.before()
                + " -> " + c.after() + " (rules before " + c.rulesBefore() + ", now " + c.rulesNow() + ")";
    }
}
