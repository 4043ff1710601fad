package org.plantflow.approval.internal.engine;

import java.util.Map;

import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.spi.ApprovalAction;

/**
 * The host's named actions, run by automatic nodes inside the call's transaction (through the store, behind a
 * savepoint: a failing action's own writes are undone, the engine's bookkeeping of the failure is kept).
 */
public final class Actions {
    private final Map<String, ApprovalAction> byName;

    public Actions(Map<String, ApprovalAction> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Runs the action; returns null on success or the error text. */
    String run(Store store, Store.ActionCall call) {
        ApprovalAction action = call.name() == null ? null : byName.get(call.name());
        if (action == null) {
            return "no action named '" + call.name() + "' is registered; register it with ApprovalEngineBuilder.action(\""
                    + call.name() + "\", ...) or as a Spring bean of type ApprovalAction named " + call.name() + ", then retry";
        }
        return store.runAction(action, call);
    }
}
