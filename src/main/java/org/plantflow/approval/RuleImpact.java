package org.plantflow.approval;

import java.util.List;
import java.util.Map;

/**
 * What candidate rules would have decided differently: every recorded decision of a template (within a
 * {@link ImpactScope}) re-evaluated with them, from {@link ApprovalEngine#impact}. A report: nothing was changed.
 *
 * @param candidateSource   where the candidate rules come from (their folder)
 * @param evaluated         decisions re-evaluated or tried (unchanged + changed + failed + notReplayable)
 * @param changes           the decisions that come out differently, oldest first
 * @param failures          the decisions on which a candidate rule threw, with its message
 * @param notReplayableDecisions the decisions that could not be rebuilt from their record, with the reason
 * @param byNode            per node id (in the order first met): decisions evaluated and changed
 * @param unrecordedRows    how many history rows of the template in scope have rules fired or a decision but no decision
 *                          record (written before decision records, schema V3): they are not re-evaluated
 * @param unrecorded        those rows (the first 1,000 of them when there are more)
 */
public record RuleImpact(String templateKey, String candidateSource, ImpactScope scope, int evaluated, int unchanged,
                         int changed, int failed, int notReplayable, List<Change> changes, List<Failure> failures,
                         List<Failure> notReplayableDecisions, Map<String, NodeSummary> byNode, int unrecordedRows,
                         List<UnrecordedRow> unrecorded) {
    /** How many unrecorded rows are named at most. */
    public static final int MAX_UNRECORDED_NAMED = 1_000;

    public RuleImpact {
        changes = List.copyOf(changes);
        failures = List.copyOf(failures);
        notReplayableDecisions = List.copyOf(notReplayableDecisions);
        byNode = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byNode));
        unrecorded = List.copyOf(unrecorded);
    }

    /**
     * One decision that comes out differently.
     *
     * @param kind   route, assign, act, complete, join, return or deadline
     * @param before the recorded answers in words, e.g. {@code Route(no_general_manager -> end_approved)}
     * @param after  the candidate's answers, e.g. {@code Route(to_general_manager -> general_manager_approval)}
     */
    public record Change(long historyEntryId, long instanceId, String businessKey, int templateVersion, String nodeId,
                         String kind, String question, String before, String after, List<String> rulesBefore,
                         List<String> rulesNow) {
        public Change {
            rulesBefore = List.copyOf(rulesBefore);
            rulesNow = List.copyOf(rulesNow);
        }
    }

    /** A decision the candidate rules could not take (a rule threw), or that could not be rebuilt: {@code reason} says. */
    public record Failure(long historyEntryId, long instanceId, String businessKey, int templateVersion, String nodeId,
                          String kind, String question, String reason) {
    }

    /** Per node: decisions evaluated, changed and failed. */
    public record NodeSummary(int evaluated, int changed, int failed) {
    }

    /** A history row with rules fired but no decision record. */
    public record UnrecordedRow(long historyEntryId, long instanceId, String businessKey, String action, String rulesFired) {
    }

    /** The report in words: changes, the summary per node, failures, unrecorded rows, and that nothing was changed. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("rule impact on ").append(templateKey).append(" of the rules in ").append(candidateSource).append(" (")
                .append(scope).append("): ").append(evaluated).append(" decisions evaluated, ").append(unchanged)
                .append(" unchanged, ").append(changed).append(" changed, ").append(failed).append(" failed, ")
                .append(notReplayable).append(" not replayable\n");
        for (Change c : changes) {
            b.append("  changed: history entry ").append(c.historyEntryId()).append(", instance ").append(c.instanceId())
                    .append(" (").append(c.businessKey()).append("), ").append(c.kind()).append(" at ").append(c.nodeId())
                    .append(": ").append(c.before()).append(" -> ").append(c.after()).append("; rules before ")
                    .append(c.rulesBefore()).append(", now ").append(c.rulesNow()).append('\n');
        }
        for (Failure f : failures) {
            b.append("  failed: history entry ").append(f.historyEntryId()).append(", instance ").append(f.instanceId())
                    .append(" (").append(f.businessKey()).append("), ").append(f.kind()).append(" at ").append(f.nodeId())
                    .append(": ").append(f.reason()).append('\n');
        }
        for (Failure f : notReplayableDecisions) {
            b.append("  not replayable: history entry ").append(f.historyEntryId()).append(", instance ").append(f.instanceId())
                    .append(" (").append(f.businessKey()).append("), ").append(f.kind()).append(" at ").append(f.nodeId())
                    .append(": ").append(f.reason()).append('\n');
        }
        return b.toString();
    }
}
