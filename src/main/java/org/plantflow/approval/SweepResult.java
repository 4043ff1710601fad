package org.plantflow.approval;

import java.util.List;

/**
 * What one deadline sweep did.
 *
 * @param claimed overdue tasks this engine claimed
 * @param acted   tasks it acted on (a task closed meanwhile by someone else is claimed but not acted on)
 * @param actions one line per action: "task 42 at finance_review: REMIND"
 */
public record SweepResult(int claimed, int acted, List<String> actions) {
    public SweepResult {
        actions = List.copyOf(actions);
    }
}
