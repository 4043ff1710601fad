package org.plantflow.approval;

import java.util.List;

/**
 * What an approver needs beside the task: the instance's business facts and where the task may be returned to.
 *
 * @param factsQuery    the template's {@code approval:facts} statement, or null when it has none
 * @param businessFacts the rows that statement loads for the instance now (maps of column to value, or the host's own
 *                      objects), as the rules see them; empty without a statement
 * @param returnTargets the manual nodes on the path taken to this task, newest first: the legal targets of
 *                      {@code returnTask(taskId, actor, comment, target)}; the first is where a return without a target
 *                      goes unless the return rules choose another. Empty at the first manual node and at a vote node
 *                      (a return there is a no vote and names no target)
 */
public record TaskContext(TaskView task, String factsQuery, List<Object> businessFacts, List<String> returnTargets) {
    public TaskContext {
        businessFacts = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(businessFacts));
        returnTargets = List.copyOf(returnTargets);
    }
}
