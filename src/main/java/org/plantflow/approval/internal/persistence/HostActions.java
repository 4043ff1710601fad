package org.plantflow.approval.internal.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;

import org.plantflow.approval.spi.ActionContext;
import org.plantflow.approval.spi.ApprovalAction;

/**
 * Runs a host action inside the call's transaction behind a savepoint: a failing action's own writes are undone,
 * the engine's bookkeeping (the failure itself) is kept.
 */
public final class HostActions {
    private HostActions() {
    }

    /** @return null on success, else the error in words */
    public static String run(Connection connection, ApprovalAction action, Store.ActionCall call) {
        String name = call.name();
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            return "cannot set a savepoint before action '" + name + "': " + e.getMessage();
        }
        try {
            action.run(context(connection, call));
            release(connection, savepoint);
            return null;
        } catch (Exception | LinkageError e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            String msg = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return "action '" + name + "' failed: " + msg;
        }
    }

    private static ActionContext context(Connection connection, Store.ActionCall call) {
        return new ActionContext() {
            @Override public long instanceId() { return call.instanceId(); }
            @Override public String templateKey() { return call.templateKey(); }
            @Override public String businessKey() { return call.businessKey(); }
            @Override public String nodeId() { return call.nodeId(); }
            @Override public Map<String, Object> variables() { return call.variables(); }
            @Override public Connection connection() { return connection; }
        };
    }

    private static void release(Connection c, Savepoint sp) {
        try {
            c.releaseSavepoint(sp);
        } catch (SQLException | UnsupportedOperationException ignored) {
            // some drivers do not release explicitly; the savepoint ends with the transaction
        }
    }
}
