package org.plantflow.approval.internal.replay;

import java.util.List;

/**
 * Recent recorded decisions replayed with candidate rules: how many were, those that come out differently, those
 * whose rules threw, and how many could not be replayed.
 */
public record ReplayReport(int replayed, List<DecisionReplay> changed, List<DecisionReplay> failed, int notReplayable) {
    public ReplayReport {
        changed = List.copyOf(changed);
        failed = List.copyOf(failed);
    }
}
