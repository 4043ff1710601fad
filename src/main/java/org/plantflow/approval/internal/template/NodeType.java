package org.plantflow.approval.internal.template;

import java.util.Map;

/** The BPMN elements a template may use, and what the engine calls them. */
public enum NodeType {
    START("startEvent"),
    END("endEvent"),
    USER_TASK("userTask"),
    SERVICE_TASK("serviceTask"),
    PARALLEL_GATEWAY("parallelGateway"),
    EXCLUSIVE_GATEWAY("exclusiveGateway");

    private final String bpmnElement;

    NodeType(String bpmnElement) {
        this.bpmnElement = bpmnElement;
    }

    public String bpmnElement() {
        return bpmnElement;
    }

    /** Nodes where a person acts (pass/return). */
    public boolean isManual() {
        return this == USER_TASK;
    }

    private static final Map<String, NodeType> BY_ELEMENT = Map.of(
            "startEvent", START, "endEvent", END, "userTask", USER_TASK, "serviceTask", SERVICE_TASK,
            "parallelGateway", PARALLEL_GATEWAY, "exclusiveGateway", EXCLUSIVE_GATEWAY);

    /** @return null for a BPMN element the engine does not run */
    public static NodeType ofBpmnElement(String localName) {
        return BY_ELEMENT.get(localName);
    }
}
