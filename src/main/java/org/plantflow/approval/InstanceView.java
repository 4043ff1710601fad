package org.plantflow.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an instance with its open tasks.
 *
 * @param waitingAt nodes where the instance waits without a task: joins waiting for branches
 * @param failures  automatic nodes whose action failed, as "node: error"; retry them with {@code retry}
 */
public record InstanceView(long id, String templateKey, int templateVersion, String businessKey,
                           InstanceStatus status, String initiator, Map<String, Object> variables,
                           Instant startedAt, Instant endedAt, List<TaskView> openTasks, List<String> waitingAt,
                           List<String> failures) {
    public InstanceView {
        openTasks = List.copyOf(openTasks);
        waitingAt = List.copyOf(waitingAt);
        failures = List.copyOf(failures);
    }
}
