package org.plantflow.approval.cli;

import java.nio.file.Path;
import java.time.Duration;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.internal.assembly.EngineAssembly;
import org.plantflow.approval.internal.assembly.EngineOptions;
import org.plantflow.approval.internal.assembly.Setting;
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

    @Option(names = "--rules-cache", paramLabel = "DIR", description = "Where compiled rules are kept between runs "
            + "(default: plantflow-cache-USER in the system's temporary folder; 'none': compile every time)")
    String rulesCache;

    @Option(names = "--json", description = "Print one JSON document instead of a table")
    boolean json;

    @Option(names = "--verbose", description = "Log what the engine does; print stack traces on errors")
    boolean verbose;

    /**
     * Without the automatic sweeper: a command acts once and exits; {@code sweep} sweeps when asked. The rules are
     * activated (compiled, checked) while the engine opens, as the builder does.
     */
    ApprovalEngine openEngine() {
        return EngineAssembly.assemble(options(), EngineAssembly.RulesAt.START);
    }

    /**
     * For the commands that only read (history, pending, instance, explain, impact): the rules are activated only if
     * a call needs them, so these commands compile no rules (they take about what opening the database takes).
     */
    ApprovalEngine openReadOnlyEngine() {
        return EngineAssembly.assemble(options(), EngineAssembly.RulesAt.FIRST_NEED);
    }

    /**
     * The compiled rules cache folder: {@code --rules-cache}, by default {@code plantflow-cache-<user>} in java.io.tmpdir
     * (one per user: the cache is used only from a folder its user owns and no one else can write).
     */
    Path rulesCache() {
        if ("none".equals(rulesCache)) {
            return null;
        }
        return rulesCache != null ? Path.of(rulesCache) : EngineOptions.defaultRulesCache();
    }

    /** What {@code ApprovalEngine.builder().sweepInterval(ZERO).jdbcUrl(..).rulesDirectory(..)} records. */
    private EngineOptions options() {
        EngineOptions o = new EngineOptions(EngineOptions.Source.BUILDER).set(Setting.SWEEP_INTERVAL, Duration.ZERO);
        if (jdbcUrl != null) {
            o.set(Setting.JDBC_URL, jdbcUrl).credentials(dbUser, dbPassword);
        }
        if (rules != null) {
            o.set(Setting.RULES_DIRECTORY, rules);
        }
        if (rulesCache() != null) {
            o.set(Setting.RULES_CACHE_DIRECTORY, rulesCache());
        }
        return o;
    }
}
