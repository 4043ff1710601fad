package org.plantflow.approval;

import java.time.Instant;
import java.util.List;

/**
 * One row of an instance's execution history, which is append-only.
 *
 * @param action     START, PASS, RETURN or END
 * @param fromNode   node the step left (null for START)
 * @param toNodes    node(s) the step entered
 * @param rulesFired names of the rules that decided the step
 * @param decision   the decision taken, in words
 */
public record HistoryEntry(long id, long instanceId, Long taskId, String action, String actor, String comment,
                           String fromNode, List<String> toNodes, List<String> rulesFired, String decision,
                           Instant at) {
    public HistoryEntry {
        toNodes = List.copyOf(toNodes);
        rulesFired = List.copyOf(rulesFired);
    }
}
