package org.plantflow.approval.internal.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.history.DecisionRecord;
import org.plantflow.approval.internal.history.DecisionRecords;
import org.plantflow.approval.internal.persistence.Rows.RecordedRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.replay.DecisionReplay.Verdict;
import org.plantflow.approval.internal.template.TemplateRegistry;

/**
 * Re-evaluates the decisions of recorded history rows with candidate rules: each question with the facts it saw and
 * the deployed template version's Node and Flow facts, and compares the candidate's answers with the recorded ones
 * (the same answers by type and values, in any order). Reads only.
 */
public final class Replayer {
    private final Store store;
    private final TemplateRegistry templates;
    private final CompiledRules candidate;

    public Replayer(Store store, TemplateRegistry templates, CompiledRules candidate) {
        this.store = store;
        this.templates = templates;
        this.candidate = candidate;
    }

    /** Every decision of the row's record, replayed; one NOT_REPLAYABLE entry when the record itself cannot be read. */
    public List<DecisionReplay> replay(RecordedRow row) {
        DecisionRecord record;
        try {
            record = DecisionRecords.fromJson(row.decisionRecord, row.id);
        } catch (ApprovalException e) {
            return List.of(notReplayable(row, 0, null, "?", "?", e.getMessage()));
        }
        List<Object> templateFacts;
        String versionProblem = null;
        int version = record.templateVersion();
        try {
            TemplateRegistry.Deployed d = templates.byId(store, row.templateId);
            templateFacts = d.facts();
            if (d.model().version() != record.templateVersion() || !d.model().key().equals(record.templateKey())) {
                versionProblem = "the record is of " + record.templateKey() + " v" + record.templateVersion()
                        + " but the instance runs " + d.model().key() + " v" + d.model().version();
            }
        } catch (ApprovalException e) {
            templateFacts = List.of();
            versionProblem = e.getMessage();
        }
        if (record.format() != DecisionRecord.FORMAT) {
            versionProblem = "decision record format " + record.format() + " is not " + DecisionRecord.FORMAT;
        }
        List<DecisionReplay> out = new ArrayList<>(record.decisions().size());
        for (DecisionRecord.Decision d : record.decisions()) {
            String node = node(d, record, row);
            String question = d.question() == null ? "?" : words(d.question());
            if (versionProblem != null) {
                out.add(notReplayable(row, version, node, d.kind(), question, versionProblem, d, record));
                continue;
            }
            out.add(replay(row, record, d, templateFacts, node, question));
        }
        return out;
    }

    private DecisionReplay replay(RecordedRow row, DecisionRecord record, DecisionRecord.Decision d, List<Object> templateFacts,
                                  String node, String question) {
        Object q;
        List<Object> facts = new ArrayList<>(templateFacts.size() + d.saw().size());
        facts.addAll(templateFacts);
        List<DecisionRecord.Fact> recordedAnswers = d.answers() == null ? List.of() : d.answers();
        try {
            q = FactReader.read(d.question(), templateFacts);
            for (int i : d.saw()) {
                if (i < 0 || i >= record.facts().size()) {
                    throw new FactReader.Unreadable("fact index " + i + " is outside the record's " + record.facts().size() + " facts");
                }
                facts.add(FactReader.read(record.facts().get(i), templateFacts));
            }
        } catch (FactReader.Unreadable e) {
            return notReplayable(row, record.templateVersion(), node, d.kind(), question, e.getMessage(), d, record);
        }
        String before = answers(recordedAnswers);
        List<String> rulesBefore = rules(d);
        DecisionPort.Outcome now;
        try {
            now = candidate.evaluate(record.templateKey(), q, facts);
        } catch (DecisionException e) {
            return new DecisionReplay(row.id, row.instanceId, row.businessKey, record.templateKey(), record.templateVersion(), node,
                    d.kind(), question, Verdict.FAILED, before, null, rulesBefore, e.rulesFired(), e.getMessage());
        }
        List<DecisionRecord.Fact> newAnswers = new ArrayList<>(now.answers().size());
        for (Object a : now.answers()) {
            newAnswers.add(DecisionRecords.asRead(DecisionRecords.fact(a, false)));
        }
        boolean same = multiset(recordedAnswers).equals(multiset(newAnswers));
        return new DecisionReplay(row.id, row.instanceId, row.businessKey, record.templateKey(), record.templateVersion(), node,
                d.kind(), question, same ? Verdict.SAME : Verdict.CHANGED, before, answers(newAnswers), rulesBefore,
                now.rulesFired(), null);
    }

    private static DecisionReplay notReplayable(RecordedRow row, int version, String node, String kind, String question,
                                                String reason, DecisionRecord.Decision d, DecisionRecord record) {
        return new DecisionReplay(row.id, row.instanceId, row.businessKey, record.templateKey(), version, node, kind, question,
                Verdict.NOT_REPLAYABLE, answers(d.answers() == null ? List.of() : d.answers()), null, rules(d), List.of(), reason);
    }

    private static DecisionReplay notReplayable(RecordedRow row, int version, String node, String kind, String question,
                                                String reason) {
        return new DecisionReplay(row.id, row.instanceId, row.businessKey, row.templateKey, version, node == null ? row.fromNode : node,
                kind, question, Verdict.NOT_REPLAYABLE, "?", null, List.of(), List.of(), reason);
    }

    private static List<String> rules(DecisionRecord.Decision d) {
        return d.firings() == null ? List.of() : d.firings().stream().map(DecisionRecord.Firing::rule).toList();
    }

    /** The node a question is about: its nodeId, else the task's (authorization), else the row's. */
    private static String node(DecisionRecord.Decision d, DecisionRecord r, RecordedRow row) {
        Object n = d.question() == null ? null : d.question().properties().get("nodeId");
        if (n instanceof String s) {
            return s;
        }
        for (int i : d.saw()) {
            if (i >= 0 && i < r.facts().size() && "Task".equals(r.facts().get(i).type())
                    && r.facts().get(i).properties().get("nodeId") instanceof String s) {
                return s;
            }
        }
        return row.fromNode;
    }

    /** Answers in short words: {@code Route(to_general_manager -> general_manager_approval)}, or {@code no answer}. */
    static String answers(List<DecisionRecord.Fact> answers) {
        if (answers.isEmpty()) {
            return "no answer";
        }
        List<String> words = new ArrayList<>(answers.size());
        for (DecisionRecord.Fact a : answers) {
            words.add(words(a));
        }
        return String.join(", ", words);
    }

    /** A recorded fact as its object prints ({@code Route(f -> n)}), or type and properties when it cannot be rebuilt. */
    static String words(DecisionRecord.Fact f) {
        try {
            Object o = FactReader.read(f, List.of());
            return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
        } catch (FactReader.Unreadable e) {
            return f.type() + canonical(f.properties());
        }
    }

    /** Answers as a multiset of (type, values), numbers compared by value. */
    private static Map<String, Integer> multiset(List<DecisionRecord.Fact> answers) {
        Map<String, Integer> m = new HashMap<>();
        for (DecisionRecord.Fact a : answers) {
            m.merge(a.type() + canonical(a.properties()), 1, Integer::sum);
        }
        return m;
    }

    private static String canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), canonical(x)));
            return sorted.toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Replayer::canonical).toList().toString();
        }
        if (v instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return n.toString();
            }
        }
        return String.valueOf(v);
    }
}
