package org.plantflow.approval;

import java.time.Instant;

/** One instance in a list: what it is and where it stands, without its variables and tasks ({@code instance(id)} has them). */
public record InstanceSummary(long id, String templateKey, int templateVersion, String businessKey,
                              InstanceStatus status, String initiator, Instant startedAt, Instant endedAt) {
}
