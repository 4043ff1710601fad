package org.plantflow.approval.internal.assembly;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.plantflow.approval.spi.ApprovalAction;
import org.plantflow.approval.spi.ApprovalListener;

/**
 * Everything an engine is built from, as checked by {@link EngineOptions#validate()} (the only place that makes
 * one). {@code dataSource} null means: a pool over {@code jdbcUrl}, or the embedded H2 default when that is null too.
 * Folders null mean: the copy in the JAR. {@code sweepInterval} zero: no automatic sweeper.
 * {@code replayLimit}: how many recent recorded decisions per template an activation of the rules replays.
 * {@code springTransactionManager}: a Spring {@code PlatformTransactionManager} whose transactions calls join (null
 * outside Spring). {@code rulesCacheDirectory}: where compiled rules are kept between starts (null: none).
 */
public record EngineSettings(DataSource dataSource, String jdbcUrl, String user, String password, String databaseId,
                             boolean migrate, Path rulesDirectory, Path mappersDirectory, Path sqlDirectory,
                             Path templatesDirectory, Clock clock, Map<String, ApprovalAction> actions,
                             List<ApprovalListener> listeners, String nodeName, int sweepBatchSize, Duration claimLease,
                             Duration sweepInterval, int replayLimit, Object springTransactionManager,
                             Path rulesCacheDirectory) {
}
