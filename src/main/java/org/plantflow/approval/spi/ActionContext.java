package org.plantflow.approval.spi;

import java.sql.Connection;
import java.util.Map;

/**
 * What an {@link ApprovalAction} gets: the instance it runs for and the transaction's connection (in a
 * Spring host, the host's transactional connection; the action's own work commits or rolls back with it).
 */
public interface ActionContext {
    long instanceId();

    String templateKey();

    String businessKey();

    String nodeId();

    /** The instance's start variables. */
    Map<String, Object> variables();

    /** The connection of the engine call's transaction. Do not commit, roll back or close it. */
    Connection connection();
}
