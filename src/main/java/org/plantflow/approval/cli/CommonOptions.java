package org.plantflow.approval.cli;

import java.nio.file.Path;
import java.time.Duration;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalEngineBuilder;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--jdbc-url", description = "JDBC URL of the engine database (default: embedded H2 under ./plantflow-data/)")
    String jdbcUrl;

    /** Not {@code --user}: that names the person acting (pass, return, pending) on the commands that have one. */
    @Option(names = "--db-user", description = "Database user")
    String dbUser;

    @Option(names = {"--password", "--db-password"}, description = "Database password")
    String dbPassword;

    @Option(names = "--rules", paramLabel = "DIR", description = "A rules folder (*.drl, recursive) instead of the built-in rules")
    Path rules;

    @Option(names = "--json", description = "Print one JSON document instead of a table")
    boolean json;

    @Option(names = "--verbose", description = "Log what the engine does; print stack traces on errors")
    boolean verbose;

    /** Without the automatic sweeper: a command acts once and exits; {@code sweep} sweeps when asked. */
    ApprovalEngine openEngine() {
        ApprovalEngineBuilder b = ApprovalEngine.builder().sweepInterval(Duration.ZERO);
        if (jdbcUrl != null) {
            b.jdbcUrl(jdbcUrl, dbUser, dbPassword);
        }
        if (rules != null) {
            b.rulesDirectory(rules);
        }
        return b.build();
    }
}
