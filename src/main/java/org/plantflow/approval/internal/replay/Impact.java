package org.plantflow.approval.internal.replay;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.ImpactScope;
import org.plantflow.approval.RuleImpact;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.TemplateRegistry;

/** {@link RuleImpact}: a template's recorded decisions in scope replayed with candidate rules, a page at a time. Reads only. */
public final class Impact {
    private Impact() {
    }

    public static RuleImpact of(Store store, TemplateRegistry templates, CompiledRules candidate, String templateKey,
                                ImpactScope scope) {
        LocalDateTime since = scope.since() == null ? null : LocalDateTime.ofInstant(scope.since(), ZoneOffset.UTC);
        long after = 0;
        if (scope.last() != null) {
            Long floor = store.recordedRowsFloor(templateKey, scope.last());
            after = floor == null ? Long.MAX_VALUE : floor - 1;
        }
        Replayer replayer = new Replayer(store, templates, candidate);
        int[] n = new int[4]; // unchanged, changed, failed, not replayable
        List<RuleImpact.Change> changes = new ArrayList<>();
        List<RuleImpact.Failure> failures = new ArrayList<>();
        List<RuleImpact.Failure> skipped = new ArrayList<>();
        Map<String, int[]> byNode = new LinkedHashMap<>();
        Replay.rows(store, templateKey, true, after, since, row -> {
            for (DecisionReplay d : replayer.replay(row)) {
                int[] node = byNode.computeIfAbsent(String.valueOf(d.nodeId()), k -> new int[3]);
                node[0]++;
                switch (d.verdict()) {
                    case SAME -> n[0]++;
                    case CHANGED -> {
                        n[1]++;
                        node[1]++;
                        changes.add(new RuleImpact.Change(d.historyEntryId(), d.instanceId(), d.businessKey(), d.templateVersion(),
                                d.nodeId(), d.kind(), d.question(), d.before(), d.after(), d.rulesBefore(), d.rulesNow()));
                    }
                    case FAILED -> {
                        n[2]++;
                        node[2]++;
                        failures.add(failure(d));
                    }
                    case NOT_REPLAYABLE -> {
                        n[3]++;
                        skipped.add(failure(d));
                    }
                }
            }
        });
        int[] unrecordedCount = new int[1];
        List<RuleImpact.UnrecordedRow> unrecorded = new ArrayList<>();
        Replay.rows(store, templateKey, false, after == Long.MAX_VALUE ? after : Math.max(after, 0), since, row -> {
            if (unrecordedCount[0]++ < RuleImpact.MAX_UNRECORDED_NAMED) {
                unrecorded.add(new RuleImpact.UnrecordedRow(row.id, row.instanceId, row.businessKey, row.action, row.rulesFired));
            }
        });
        Map<String, RuleImpact.NodeSummary> summary = new LinkedHashMap<>();
        byNode.forEach((k, v) -> summary.put(k, new RuleImpact.NodeSummary(v[0], v[1], v[2])));
        return new RuleImpact(templateKey, candidate.source(), scope, n[0] + n[1] + n[2] + n[3], n[0], n[1], n[2], n[3],
                changes, failures, skipped, summary, unrecordedCount[0], unrecorded);
    }

    private static RuleImpact.Failure failure(DecisionReplay d) {
        return new RuleImpact.Failure(d.historyEntryId(), d.instanceId(), d.businessKey(), d.templateVersion(), d.nodeId(),
                d.kind(), d.question(), d.error());
    }
}
