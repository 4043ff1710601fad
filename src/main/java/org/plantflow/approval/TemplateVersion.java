package org.plantflow.approval;

import java.time.Instant;

/**
 * One deployed version of a template (a row of {@code pf_template}), without its BPMN XML.
 *
 * @param key        the BPMN process id, the name instances are started by
 * @param version    1, 2, 3... per key
 * @param name       the BPMN process name, for people (may be null)
 * @param sourceFile the file name it was deployed from
 * @param deployedAt when this version was deployed
 */
public record TemplateVersion(String key, int version, String name, String sourceFile, Instant deployedAt) {
}
