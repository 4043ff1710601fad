package org.plantflow.approval.internal.engine;

import java.util.Map;

import org.plantflow.approval.internal.template.TemplateModel;

/**
 * Test access to the join pairing the engine runs with: {@link TemplateRegistry} pairs every deployed template's joins
 * through {@link Structure#pairJoins}, which is package-private.
 */
public final class EngineJoinPairing {
    private EngineJoinPairing() {
    }

    /** Join node id to split node id, as the engine's template registry holds them. */
    public static Map<String, String> of(TemplateModel model) {
        return Structure.pairJoins(model);
    }
}
