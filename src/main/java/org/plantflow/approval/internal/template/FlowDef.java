package org.plantflow.approval.internal.template;

/** One sequence flow of a template. */
public record FlowDef(String id, String source, String target, String name, boolean isDefault) {
}
