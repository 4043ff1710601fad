package org.plantflow.approval.internal.engine;

import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

/**
 * Everything an engine is built from, checked by the builder. {@code dataSource} null means: a pool over
 * {@code jdbcUrl}, or the embedded H2 default when that is null too. Folders null mean: the copy in the JAR.
 */
public record EngineSettings(DataSource dataSource, String jdbcUrl, String user, String password, String databaseId,
                             boolean migrate, Path rulesDirectory, Path mappersDirectory, Path sqlDirectory,
                             Path templatesDirectory, Clock clock,
                             java.util.Map<String, org.plantflow.approval.spi.ApprovalAction> actions,
                             java.util.List<org.plantflow.approval.spi.ApprovalListener> listeners,
                             String nodeName, int sweepBatchSize, java.time.Duration claimLease) {
}
