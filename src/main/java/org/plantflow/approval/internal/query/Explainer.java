package org.plantflow.approval.internal.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.internal.history.DecisionRecord;
import org.plantflow.approval.internal.history.DecisionRecords;
import org.plantflow.approval.internal.persistence.Rows;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;

/** Turns a history entry's decision record into an {@link Explanation}: rules, the fact values they fired on, answers. */
final class Explainer {
    /** Rows the engine writes beside a call's own row; their call's decisions are recorded with that row. */
    private static final Set<String> BOOKKEEPING = Set.of("END", "AUTO", "ABSORBED", "ACTION_FAILED");

    private Explainer() {
    }

    static Explanation explain(HistoryRow row, HistoryEntry entry, Rows.RulesActivationRow activation,
                               List<Rows.RulesFileRow> files) {
        if (row.decisionRecord == null) {
            String note = BOOKKEEPING.contains(row.action)
                    ? "no decision record: an engine bookkeeping row (" + row.action + "); the decisions of its call are "
                    + "recorded with the entry of that call just before it"
                    : "no decision record: written before decision records existed (schema V3); its rules fired: "
                    + (entry.rulesFired().isEmpty() ? "(none recorded)" : String.join("; ", entry.rulesFired()))
                    + (entry.decision() == null ? "" : "; decided: " + entry.decision());
            return new Explanation(entry, null, null, false, note, List.of(), null);
        }
        DecisionRecord r = DecisionRecords.fromJson(row.decisionRecord, row.id);
        List<Explanation.Decision> decisions = new ArrayList<>();
        for (DecisionRecord.Decision d : r.decisions()) {
            List<String> facts = d.saw().stream().map(i -> words(r.facts().get(i))).toList();
            List<Explanation.Firing> firings = new ArrayList<>();
            for (DecisionRecord.Firing f : d.firings()) {
                List<String> on = f.matched().stream().map(m -> resolve(m, r, d)).toList();
                List<String> inserted = f.inserted().stream().map(i -> words(d.answers().get(i))).toList();
                firings.add(new Explanation.Firing(f.rule(), on, inserted));
            }
            decisions.add(new Explanation.Decision(d.kind(), words(d.question()), facts, firings, d.decided()));
        }
        String note = decisions.isEmpty() ? "the rules were not asked in this call" : null;
        return new Explanation(entry, r.templateKey(), r.templateVersion(), true, note, decisions,
                rulesUsed(row.rulesActivationId, activation, files, decisions));
    }

    /** The activation and the text of each rule that fired, found by its declaration in the activation's files. */
    private static Explanation.RulesUsed rulesUsed(Long id, Rows.RulesActivationRow a, List<Rows.RulesFileRow> files,
                                                   List<Explanation.Decision> decisions) {
        if (id == null || a == null) {
            return null;
        }
        java.util.LinkedHashSet<String> fired = new java.util.LinkedHashSet<>();
        decisions.forEach(d -> d.firings().forEach(f -> fired.add(f.rule())));
        List<Explanation.RuleText> texts = new ArrayList<>();
        for (String rule : fired) {
            for (Rows.RulesFileRow f : files) {
                Explanation.RuleText t = RuleSource.find(rule, f.path, f.sha256, f.content);
                if (t != null) {
                    texts.add(t);
                    break;
                }
            }
        }
        return new Explanation.RulesUsed(a.id, a.activatedAt.toInstant(java.time.ZoneOffset.UTC), a.activatedBy,
                a.checksum.strip(), texts);
    }

    private static String resolve(String ref, DecisionRecord r, DecisionRecord.Decision d) {
        if ("question".equals(ref)) {
            return words(d.question());
        }
        int colon = ref.indexOf(':');
        int i = colon < 0 ? -1 : Integer.parseInt(ref.substring(colon + 1));
        if (ref.startsWith("fact:") && i >= 0 && i < r.facts().size()) {
            DecisionRecord.Fact f = r.facts().get(i);
            return (f.template() ? "template " : "") + words(f);
        }
        if (ref.startsWith("answer:") && i >= 0 && i < d.answers().size()) {
            return "earlier answer " + words(d.answers().get(i));
        }
        return ref;
    }

    /** {@code Type(name=value, ...)}, leaving out empty values. */
    static String words(DecisionRecord.Fact f) {
        Map<String, Object> values = f.properties();
        if (values.size() == 1 && values.containsKey("value") && !values.containsKey("name")) {
            Object v = values.get("value");
            return v instanceof String ? "\"" + v + "\"" : plain(v);
        }
        StringBuilder b = new StringBuilder(f.type()).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            if (v == null || (v instanceof java.util.Collection<?> c && c.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty())) {
                continue;
            }
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(e.getKey()).append('=').append(plain(v));
        }
        return b.append(')').toString();
    }

    /** Numbers as written (37980000.00, not 3.798E7); maps and lists element by element. */
    private static String plain(Object v) {
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            return java.math.BigDecimal.valueOf(((Number) v).doubleValue()).toPlainString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, x) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(plain(x)));
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }
}
