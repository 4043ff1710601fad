package org.plantflow.approval;

import java.time.Instant;
import java.util.List;

/**
 * Why a history entry came out as it did: every decision the rules took in the call that wrote it, with the
 * rules that fired, the fact values they fired on and what they decided. {@link #text()} says it in words.
 *
 * @param recorded  false when the entry has no decision record: an engine bookkeeping row (END, AUTO, ABSORBED,
 *                  ACTION_FAILED; the call's decisions are with the entry it belongs to) or a row written before
 *                  decision records existed (schema V3); {@link #note()} says which
 * @param decisions in the order they were taken
 * @param rules     the activation of the rules the decisions were taken under, with the text of each rule that fired;
 *                  null for entries written before activations were recorded (schema V4) or without decisions
 */
public record Explanation(HistoryEntry entry, String templateKey, Integer templateVersion, boolean recorded,
                          String note, List<Decision> decisions, RulesUsed rules) {
    public Explanation {
        decisions = List.copyOf(decisions);
    }

    /**
     * The rules activation a call decided under ({@code pf_rules_activation}) and the exact text of the rules that fired.
     *
     * @param checksum SHA-256 over every file of the activation
     */
    public record RulesUsed(long activationId, Instant activatedAt, String activatedBy, String checksum,
                            List<RuleText> fired) {
        public RulesUsed {
            fired = List.copyOf(fired);
        }
    }

    /**
     * One rule as it was when it fired.
     *
     * @param file       the rule file, relative to the rules folder
     * @param line       the line of its {@code rule} declaration
     * @param fileSha256 SHA-256 of the file as activated
     * @param text       the rule, from {@code rule} to {@code end}
     */
    public record RuleText(String rule, String file, int line, String fileSha256, String text) {
    }

    /**
     * One question to the rules.
     *
     * @param kind     route, assign, act, complete, join, return or deadline
     * @param question the question with its values, e.g. {@code RouteQuestion(nodeId=gm_gate, action=ROUTE)}
     * @param facts    the facts the rules were given besides the question and the template's nodes and flows
     * @param firings  the rules that fired, in order
     * @param decided  what the engine concluded from the answers (null when nothing beyond the answers)
     */
    public record Decision(String kind, String question, List<String> facts, List<Firing> firings, String decided) {
        public Decision {
            facts = List.copyOf(facts);
            firings = List.copyOf(firings);
        }
    }

    /**
     * One rule firing.
     *
     * @param firedOn  the facts the rule matched, with their values
     * @param inserted the answers it inserted
     */
    public record Firing(String rule, List<String> firedOn, List<String> inserted) {
        public Firing {
            firedOn = List.copyOf(firedOn);
            inserted = List.copyOf(inserted);
        }
    }

    /** The explanation in words, one line per decision, rule and conclusion. */
    public String text() {
        StringBuilder b = new StringBuilder();
        HistoryEntry e = entry;
        b.append("history entry ").append(e.id()).append(": ").append(e.action()).append(" by ").append(e.actor());
        if (e.taskId() != null) {
            b.append(", task ").append(e.taskId());
        }
        if (e.fromNode() != null) {
            b.append(" at '").append(e.fromNode()).append('\'');
        }
        b.append(" of instance ").append(e.instanceId());
        if (templateKey != null) {
            b.append(" (").append(templateKey).append(" v").append(templateVersion).append(')');
        }
        Instant at = e.at();
        b.append(", ").append(at).append('\n');
        if (!recorded || decisions.isEmpty()) {
            b.append("  ").append(note).append('\n');
            return b.toString();
        }
        int n = 1;
        for (Decision d : decisions) {
            b.append("  ").append(n++).append(". ").append(d.kind()).append(": ").append(d.question()).append('\n');
            if (d.firings().isEmpty()) {
                b.append("     no rule fired\n");
            }
            for (Firing f : d.firings()) {
                b.append("     rule \"").append(f.rule()).append("\" fired on ")
                        .append(f.firedOn().isEmpty() ? "(no facts)" : String.join(", ", f.firedOn()));
                if (!f.inserted().isEmpty()) {
                    b.append("\n       and decided ").append(String.join(", ", f.inserted()));
                }
                b.append('\n');
            }
            if (d.decided() != null) {
                b.append("     => ").append(d.decided()).append('\n');
            }
        }
        if (rules != null) {
            b.append("  under rules activation ").append(rules.activationId()).append(" (").append(rules.activatedAt())
                    .append(", by ").append(rules.activatedBy()).append(", checksum ").append(rules.checksum(), 0, 12)
                    .append("); the rules that fired, as they were:\n");
            for (RuleText t : rules.fired()) {
                b.append("  --- ").append(t.file()).append(':').append(t.line()).append(" (sha256 ")
                        .append(t.fileSha256(), 0, 12).append(")\n");
                t.text().lines().forEach(l -> b.append("  | ").append(l).append('\n'));
            }
        }
        return b.toString();
    }
}
