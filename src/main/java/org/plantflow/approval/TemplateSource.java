package org.plantflow.approval;

/**
 * One deployed version of a template with its BPMN XML exactly as deployed ({@code pf_template.source_xml}).
 */
public record TemplateSource(TemplateVersion version, String bpmnXml) {
}
