package org.plantflow.approval.internal.template;

import java.util.List;

/** One node of a template, with its {@code approval:} attributes. */
public record NodeDef(String id, NodeType type, String name, List<String> roles, List<String> acceptors,
                      SignMode signMode, String voteThreshold, String deadline, String action) {
    public NodeDef {
        roles = List.copyOf(roles);
        acceptors = List.copyOf(acceptors);
        signMode = signMode == null ? SignMode.SINGLE : signMode;
    }
}
