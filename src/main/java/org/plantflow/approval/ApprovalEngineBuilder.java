package org.plantflow.approval;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.plantflow.approval.internal.assembly.EngineAssembly;
import org.plantflow.approval.internal.assembly.EngineOptions;
import org.plantflow.approval.internal.assembly.Setting;
import org.plantflow.approval.spi.ApprovalAction;
import org.plantflow.approval.spi.ApprovalListener;

/**
 * Builds an {@link ApprovalEngine}. With nothing set, the engine runs on an embedded H2 database under
 * {@code ./plantflow-data/} with the rules, mappers, schema scripts and templates packaged in the JAR, and sweeps
 * overdue tasks itself every 30 seconds.
 *
 * <pre>{@code
 * ApprovalEngine engine = ApprovalEngine.builder()
 *         .dataSource(hostDataSource)
 *         .rulesDirectory(Path.of("/etc/plant/rules"))
 *         .build();
 * }</pre>
 *
 * <p>The setters only record; {@link #build()} checks every value before it opens anything and throws a
 * {@link ConfigurationException} naming the method, the value and what is wrong, such as
 * {@code sweepBatchSize(0): must be at least 1}. ({@link #action} and {@link #listener} check their arguments when
 * called.) The Spring adapter's {@code plantflow.*} properties go through the same checks.
 */
public final class ApprovalEngineBuilder {
    private final EngineOptions options = new EngineOptions(EngineOptions.Source.BUILDER);

    ApprovalEngineBuilder() {
    }

    /**
     * Registers the host action automatic nodes name in {@code approval:action}.
     *
     * @throws ConfigurationException when the name is blank, the action null, or an action of that name is already
     *                                registered
     */
    public ApprovalEngineBuilder action(String name, ApprovalAction action) {
        options.action(name, action);
        return this;
    }

    /**
     * Told about reminders and escalations of the deadline sweeper.
     *
     * @throws ConfigurationException when the listener is null
     */
    public ApprovalEngineBuilder listener(ApprovalListener listener) {
        options.listener(listener);
        return this;
    }

    /**
     * The name this engine claims overdue tasks under when several engines share a database, and the suffix of its
     * sweeper thread's name (default, or null: host name and a random suffix). Must differ between engines; not
     * blank, at most 100 characters (checked at {@link #build()}).
     */
    public ApprovalEngineBuilder nodeName(String nodeName) {
        options.set(Setting.NODE_NAME, nodeName);
        return this;
    }

    /**
     * How many of the most recent recorded engine calls (history rows with a decision record, each holding the call's
     * decisions) of each affected template an activation of the rules replays with the new rules (default 500; 0
     * replays nothing; not negative, checked at {@link #build()}). A decision that
     * now throws refuses the activation; one that now comes out differently is reported.
     */
    public ApprovalEngineBuilder replayLimit(int decisions) {
        options.set(Setting.REPLAY_LIMIT, decisions);
        return this;
    }

    /** How many overdue tasks one sweep claims at a time (default 100; at least 1, checked at {@link #build()}). */
    public ApprovalEngineBuilder sweepBatchSize(int size) {
        options.set(Setting.SWEEP_BATCH_SIZE, size);
        return this;
    }

    /**
     * How long a claim on an overdue task holds before another sweeper may take it over (default 5 minutes; positive,
     * checked at {@link #build()}).
     */
    public ApprovalEngineBuilder claimLease(Duration lease) {
        options.set(Setting.CLAIM_LEASE, lease);
        return this;
    }

    /**
     * How often the engine sweeps overdue tasks by itself, as of its {@link #clock(Clock) clock}, on one daemon thread
     * named {@code plantflow-sweeper-<nodeName>} (default 30 seconds; the first sweep one interval after
     * {@link #build()}). {@link Duration#ZERO} turns the automatic sweeper off: then deadlines fire only when the host
     * calls {@link ApprovalEngine#sweep(java.time.Instant)}, as tests that move the clock by hand should. Negative or
     * null is refused at {@link #build()}.
     */
    public ApprovalEngineBuilder sweepInterval(Duration interval) {
        options.set(Setting.SWEEP_INTERVAL, interval);
        return this;
    }

    /** The host's DataSource; the engine never closes it. Excludes {@link #jdbcUrl}; not null. */
    public ApprovalEngineBuilder dataSource(DataSource dataSource) {
        options.set(Setting.DATA_SOURCE, dataSource);
        return this;
    }

    /** A database the engine opens its own connection pool on. Excludes {@link #dataSource}; the URL not null. */
    public ApprovalEngineBuilder jdbcUrl(String jdbcUrl, String user, String password) {
        options.set(Setting.JDBC_URL, jdbcUrl).credentials(user, password);
        return this;
    }

    /**
     * Forces the database kind ({@code postgresql}, {@code oracle}, {@code h2}) instead of detecting it:
     * selects the {@code sql/} folder and the mapper variants. Null: detect (the default).
     */
    public ApprovalEngineBuilder databaseId(String databaseId) {
        options.set(Setting.DATABASE_ID, databaseId);
        return this;
    }

    /** Whether the engine migrates its schema on start (default true). Turn off when DBAs run the DDL. */
    public ApprovalEngineBuilder migrate(boolean migrate) {
        options.set(Setting.MIGRATE, migrate);
        return this;
    }

    /**
     * A folder of {@code .drl} files (searched recursively) that replaces the built-in rules. Must exist (checked at
     * {@link #build()}); null: the built-in rules.
     */
    public ApprovalEngineBuilder rulesDirectory(Path dir) {
        options.set(Setting.RULES_DIRECTORY, dir);
        return this;
    }

    /**
     * A folder where the engine keeps its compiled rules between starts, keyed by the rule files' checksums, the
     * Drools version and the plantflow build: a start on unchanged rules loads them instead of compiling (about 4
     * times faster; the activation's checks still run). Created when missing; an entry that cannot be read is
     * compiled again. Null (the default): no cache, every start compiles.
     */
    public ApprovalEngineBuilder rulesCacheDirectory(Path dir) {
        options.set(Setting.RULES_CACHE_DIRECTORY, dir);
        return this;
    }

    /** A folder of MyBatis mapper XML added to the built-in one (same file name replaces). Must exist; null: none. */
    public ApprovalEngineBuilder mappersDirectory(Path dir) {
        options.set(Setting.MAPPERS_DIRECTORY, dir);
        return this;
    }

    /**
     * A folder holding {@code postgresql/}, {@code oracle/}, {@code h2/} migrations, replacing the built-in ones. Must
     * exist; null: the built-in ones.
     */
    public ApprovalEngineBuilder sqlDirectory(Path dir) {
        options.set(Setting.SQL_DIRECTORY, dir);
        return this;
    }

    /** A folder of {@code .bpmn} templates for {@link ApprovalEngine#deployBuiltInTemplates()}. Must exist; null: the JAR's. */
    public ApprovalEngineBuilder templatesDirectory(Path dir) {
        options.set(Setting.TEMPLATES_DIRECTORY, dir);
        return this;
    }

    /**
     * The clock the engine stamps times with and the automatic sweeper sweeps by (default system UTC; not null).
     * Tests that move a clock by hand usually also set {@code sweepInterval(Duration.ZERO)} and call
     * {@link ApprovalEngine#sweep(java.time.Instant)} themselves, so no sweep happens at a moment they did not choose.
     */
    public ApprovalEngineBuilder clock(Clock clock) {
        options.set(Setting.CLOCK, clock);
        return this;
    }

    /**
     * Checks the settings, connects, migrates (unless turned off), loads mappers, compiles the rules and starts the
     * automatic sweeper (unless turned off).
     *
     * @throws ConfigurationException when a setting is wrong or settings contradict each other (before anything is
     *                                opened)
     * @throws RulesInvalidException  when the rules do not compile
     * @throws ApprovalException      when the database cannot be reached or migrated
     */
    public ApprovalEngine build() {
        return EngineAssembly.assemble(options);
    }
}
