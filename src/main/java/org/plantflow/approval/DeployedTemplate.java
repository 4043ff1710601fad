package org.plantflow.approval;

import java.time.Instant;

/**
 * Result of a deploy.
 *
 * @param created false when identical content was already the latest version (the deploy was a no-op)
 */
public record DeployedTemplate(String key, int version, String name, String sourceFile, Instant deployedAt,
                               boolean created) {
}
