package org.plantflow.approval.internal.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.plantflow.approval.internal.persistence.Rows.ActivationRow;

/**
 * The live activations (ACTIVE, WAITING, FAILED) of the one instance a call works on, kept up to date by the call's
 * own inserts and updates: once read, they are not read again. Sound because a mutating call holds its instance's
 * row lock, and every activation write goes through the call's store.
 */
final class LiveActivations {
    private Long instanceId;
    private final TreeMap<Long, ActivationRow> byId = new TreeMap<>();

    boolean tracks(long instance) {
        return instanceId != null && instanceId == instance;
    }

    /** Starts tracking an instance with its live activations as just read. */
    void track(long instance, List<?> rows) {
        instanceId = instance;
        byId.clear();
        rows.forEach(r -> byId.put(((ActivationRow) r).id, (ActivationRow) r));
    }

    /** An activation the call inserted or updated. */
    void written(ActivationRow a) {
        if (tracks(a.instanceId)) {
            if (a.status.isLive()) {
                byId.put(a.id, a);
            } else {
                byId.remove(a.id);
            }
        }
    }

    /** Oldest first, as the table's query orders them. */
    List<ActivationRow> list() {
        return new ArrayList<>(byId.values());
    }


}
