package org.plantflow.approval;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.plantflow.approval.internal.assembly.EngineAssembly;
import org.plantflow.approval.internal.assembly.EngineSettings;
import org.plantflow.approval.spi.ApprovalAction;
import org.plantflow.approval.spi.ApprovalListener;

/**
 * Builds an {@link ApprovalEngine}. With nothing set, the engine runs on an embedded H2 database under
 * {@code ./plantflow-data/} with the rules, mappers, schema scripts and templates packaged in the JAR.
 *
 * <pre>{@code
 * ApprovalEngine engine = ApprovalEngine.builder()
 *         .dataSource(hostDataSource)
 *         .rulesDirectory(Path.of("/etc/plant/rules"))
 *         .build();
 * }</pre>
 */
public final class ApprovalEngineBuilder {
    private DataSource dataSource;
    private String jdbcUrl;
    private String user;
    private String password;
    private String databaseId;
    private boolean migrate = true;
    private Path rulesDirectory;
    private Path mappersDirectory;
    private Path sqlDirectory;
    private Path templatesDirectory;
    private Clock clock = Clock.systemUTC();
    private final Map<String, ApprovalAction> actions = new LinkedHashMap<>();
    private final List<ApprovalListener> listeners = new ArrayList<>();
    private String nodeName;
    private int sweepBatchSize = 100;
    private Duration claimLease = Duration.ofMinutes(5);

    ApprovalEngineBuilder() {
    }

    /** Registers the host action automatic nodes name in {@code approval:action}. */
    public ApprovalEngineBuilder action(String name, ApprovalAction action) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("action name must not be blank");
        }
        if (actions.putIfAbsent(name, Objects.requireNonNull(action, "action")) != null) {
            throw new IllegalStateException("an action named '" + name + "' is already registered");
        }
        return this;
    }

    /** Told about reminders and escalations of the deadline sweeper. */
    public ApprovalEngineBuilder listener(ApprovalListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * The name this engine claims overdue tasks under when several engines share a database (default: host
     * name and a random suffix). Must differ between engines.
     */
    public ApprovalEngineBuilder nodeName(String nodeName) {
        this.nodeName = nodeName;
        return this;
    }

    /** How many overdue tasks one sweep claims at a time (default 100). */
    public ApprovalEngineBuilder sweepBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("sweep batch size must be at least 1, was " + size);
        }
        this.sweepBatchSize = size;
        return this;
    }

    /** How long a claim on an overdue task holds before another sweeper may take it over (default 5 minutes). */
    public ApprovalEngineBuilder claimLease(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("claim lease must be positive, was " + lease);
        }
        this.claimLease = lease;
        return this;
    }

    /** The host's DataSource; the engine never closes it. Excludes {@link #jdbcUrl}. */
    public ApprovalEngineBuilder dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return this;
    }

    /** A database the engine opens its own connection pool on. Excludes {@link #dataSource}. */
    public ApprovalEngineBuilder jdbcUrl(String jdbcUrl, String user, String password) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = user;
        this.password = password;
        return this;
    }

    /**
     * Forces the database kind ({@code postgresql}, {@code oracle}, {@code h2}) instead of detecting it:
     * selects the {@code sql/} folder and the mapper variants.
     */
    public ApprovalEngineBuilder databaseId(String databaseId) {
        this.databaseId = databaseId;
        return this;
    }

    /** Whether the engine migrates its schema on start (default true). Turn off when DBAs run the DDL. */
    public ApprovalEngineBuilder migrate(boolean migrate) {
        this.migrate = migrate;
        return this;
    }

    /** A folder of {@code .drl} files (searched recursively) that replaces the built-in rules. */
    public ApprovalEngineBuilder rulesDirectory(Path dir) {
        this.rulesDirectory = dir;
        return this;
    }

    /** A folder of MyBatis mapper XML added to the built-in one (same file name replaces). */
    public ApprovalEngineBuilder mappersDirectory(Path dir) {
        this.mappersDirectory = dir;
        return this;
    }

    /** A folder holding {@code postgresql/}, {@code oracle/}, {@code h2/} migrations, replacing the built-in ones. */
    public ApprovalEngineBuilder sqlDirectory(Path dir) {
        this.sqlDirectory = dir;
        return this;
    }

    /** A folder of {@code .bpmn} templates for {@link ApprovalEngine#deployBuiltInTemplates()}. */
    public ApprovalEngineBuilder templatesDirectory(Path dir) {
        this.templatesDirectory = dir;
        return this;
    }

    /** The clock the engine stamps times with (tests use a fixed one). */
    public ApprovalEngineBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Checks the settings, connects, migrates (unless turned off), loads mappers and compiles the rules.
     *
     * @throws IllegalStateException  when settings contradict each other
     * @throws RulesInvalidException  when the rules do not compile
     * @throws ApprovalException      when the database cannot be reached or migrated
     */
    public ApprovalEngine build() {
        if (dataSource != null && jdbcUrl != null) {
            throw new IllegalStateException("set either dataSource(..) or jdbcUrl(..), not both");
        }
        return EngineAssembly.assemble(settings());
    }

    EngineSettings settings() {
        return new EngineSettings(dataSource, jdbcUrl, user, password, databaseId, migrate, rulesDirectory,
                mappersDirectory, sqlDirectory, templatesDirectory, clock, Map.copyOf(actions), List.copyOf(listeners),
                nodeName != null ? nodeName : EngineAssembly.defaultNodeName(), sweepBatchSize, claimLease, null);
    }
}
