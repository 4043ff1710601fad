package org.plantflow.approval.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;

import org.plantflow.approval.spi.ActionContext;
import org.plantflow.approval.spi.ApprovalAction;

/**
 * The host's named actions, run by automatic nodes inside the call's transaction, each behind a savepoint:
 * a failing action's own writes are undone, the engine's bookkeeping (the failure itself) is kept.
 */
public final class Actions {
    private final Map<String, ApprovalAction> byName;

    public Actions(Map<String, ApprovalAction> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Runs the action; returns null on success or the error text. */
    String run(String name, ActionContext context, Connection connection) {
        ApprovalAction action = name == null ? null : byName.get(name);
        if (action == null) {
            return "no action named '" + name + "' is registered; register it with ApprovalEngineBuilder.action(\""
                    + name + "\", ...) or as a Spring bean of type ApprovalAction named " + name + ", then retry";
        }
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            return "cannot set a savepoint before action '" + name + "': " + e.getMessage();
        }
        try {
            action.run(context);
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

    private static void release(Connection c, Savepoint sp) {
        try {
            c.releaseSavepoint(sp);
        } catch (SQLException | UnsupportedOperationException ignored) {
            // some drivers do not release explicitly; the savepoint ends with the transaction
        }
    }
}
