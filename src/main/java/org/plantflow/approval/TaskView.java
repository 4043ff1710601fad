package org.plantflow.approval;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a task.
 *
 * @param candidates who may see it in a pending list: {@code role:NAME} or {@code user:ID}; empty once closed
 * @param dueAt      its deadline, or null
 */
public record TaskView(long id, long instanceId, String templateKey, String businessKey, String nodeId,
                       String nodeName, TaskStatus status, Instant createdAt, Instant dueAt, List<String> candidates) {
    public TaskView {
        candidates = List.copyOf(candidates);
    }
}
