package org.plantflow.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A snapshot of an instance with its open tasks. */
public record InstanceView(long id, String templateKey, int templateVersion, String businessKey,
                           InstanceStatus status, String initiator, Map<String, Object> variables,
                           Instant startedAt, Instant endedAt, List<TaskView> openTasks) {
    public InstanceView {
        openTasks = List.copyOf(openTasks);
    }
}
