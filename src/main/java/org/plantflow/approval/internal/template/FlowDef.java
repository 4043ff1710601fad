package org.plantflow.approval.internal.template;

/**
 * One sequence flow of a template.
 *
 * @param outcome {@code approval:on}: {@code pass} or {@code fail}, the vote outcome this flow is taken on; or null
 */
public record FlowDef(String id, String source, String target, String name, boolean isDefault, String outcome) {
}
