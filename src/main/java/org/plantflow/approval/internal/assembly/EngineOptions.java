package org.plantflow.approval.internal.assembly;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.plantflow.approval.ConfigurationException;
import org.plantflow.approval.internal.persistence.DatabaseIds;
import org.plantflow.approval.spi.ApprovalAction;
import org.plantflow.approval.spi.ApprovalListener;

/**
 * What a host asked for, not yet checked; {@link #validate()} is the one place the settings are checked and turned
 * into {@link EngineSettings}. Both ways of configuring an engine fill one of these: the public builder with typed
 * values ({@link Source#BUILDER}, errors name the builder method: {@code sweepBatchSize(0): must be at least 1}), the
 * Spring adapter with the text of its {@code plantflow.*} properties ({@link Source#PROPERTIES}, errors name the
 * property: {@code plantflow.sweep-batch-size=0: must be at least 1}). A setting not given takes its default; a
 * setting given is checked, also when its text is empty.
 */
public final class EngineOptions {
    public static final int DEFAULT_SWEEP_BATCH_SIZE = 100;
    public static final int DEFAULT_REPLAY_LIMIT = 500;
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(5);
    /** See the README (Deadlines): overdue tasks are acted on within about half a minute of their due time. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
    /** The width of {@code pf_task.claimed_by}, where a sweeper signs its claims with the node name. */
    public static final int MAX_NODE_NAME_LENGTH = 100;

    /** Who gives the settings, and so how errors name them. */
    public enum Source {
        /** The public builder: typed values; errors name the method, {@code sweepBatchSize(0)}. */
        BUILDER,
        /** The Spring adapter: the text of {@code plantflow.*} properties; errors name the property, {@code plantflow.sweep-batch-size=0}. */
        PROPERTIES
    }

    private final Source source;
    private final Map<Setting, Object> given = new EnumMap<>(Setting.class);
    private final Map<String, ApprovalAction> actions = new LinkedHashMap<>();
    private final List<ApprovalListener> listeners = new ArrayList<>();
    private String user;
    private String password;
    private Object springTransactionManager;

    public EngineOptions(Source source) {
        this.source = source;
    }

    /**
     * Records a setting as given: a typed value from the builder ({@code Integer}, {@code Boolean}, {@code Duration},
     * {@code Path}, {@code String}, {@code DataSource}, {@code Clock}; null where the builder allows it), or the text
     * of a property. Checked by {@link #validate()}.
     */
    public EngineOptions set(Setting setting, Object value) {
        given.put(setting, value);
        return this;
    }

    /** The database user and password that go with a {@link Setting#JDBC_URL}. */
    public EngineOptions credentials(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /**
     * Registers a host action; checked now, not at {@link #validate()}, because a second registration under one name
     * is a mistake in the order of calls, not in a value.
     *
     * @throws ConfigurationException when the name is blank, the action null or the name already taken
     */
    public EngineOptions action(String name, ApprovalAction action) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("action", name, "action(" + literal(name) + ", ..): the name must not be blank");
        }
        if (action == null) {
            throw new ConfigurationException("action", name, "action(" + literal(name) + ", null): the action must not be null");
        }
        if (actions.putIfAbsent(name, action) != null) {
            throw new ConfigurationException("action", name, "action(" + literal(name) + ", ..): an action named '" + name
                    + "' is already registered");
        }
        return this;
    }

    /**
     * Adds a listener of the deadline sweeper.
     *
     * @throws ConfigurationException when it is null
     */
    public EngineOptions listener(ApprovalListener listener) {
        if (listener == null) {
            throw new ConfigurationException("listener", null, "listener(null): must not be null");
        }
        listeners.add(listener);
        return this;
    }

    /** A Spring {@code PlatformTransactionManager} whose transactions engine calls join (the Spring adapter only). */
    public EngineOptions springTransactionManager(Object transactionManager) {
        this.springTransactionManager = transactionManager;
        return this;
    }

    /**
     * Checks every setting given, in the order of {@link Setting}, and fills in the defaults.
     *
     * @throws ConfigurationException naming the first setting that is wrong, its value and what is wrong with it
     */
    public EngineSettings validate() {
        DataSource dataSource = (DataSource) nonNull(Setting.DATA_SOURCE);
        String jdbcUrl = (String) nonNull(Setting.JDBC_URL);
        if (dataSource != null && jdbcUrl != null) {
            throw new ConfigurationException(Setting.JDBC_URL.method(), null,
                    "jdbcUrl(..): set either dataSource(..) or jdbcUrl(..), not both");
        }
        Clock clock = given.containsKey(Setting.CLOCK) ? (Clock) nonNull(Setting.CLOCK) : Clock.systemUTC();
        String databaseId = databaseId();
        boolean migrate = given.containsKey(Setting.MIGRATE) ? bool(Setting.MIGRATE) : true;
        Path rules = folder(Setting.RULES_DIRECTORY);
        Path mappers = folder(Setting.MAPPERS_DIRECTORY);
        Path sql = folder(Setting.SQL_DIRECTORY);
        Path templates = folder(Setting.TEMPLATES_DIRECTORY);
        String nodeName = nodeName();
        int batchSize = DEFAULT_SWEEP_BATCH_SIZE;
        if (given.containsKey(Setting.SWEEP_BATCH_SIZE)) {
            batchSize = wholeNumber(Setting.SWEEP_BATCH_SIZE);
            if (batchSize < 1) {
                throw problem(Setting.SWEEP_BATCH_SIZE, "must be at least 1");
            }
        }
        Duration claimLease = DEFAULT_CLAIM_LEASE;
        if (given.containsKey(Setting.CLAIM_LEASE)) {
            claimLease = duration(Setting.CLAIM_LEASE);
            if (claimLease.isNegative() || claimLease.isZero()) {
                throw problem(Setting.CLAIM_LEASE, "must be positive");
            }
        }
        Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        if (given.containsKey(Setting.SWEEP_INTERVAL)) {
            sweepInterval = duration(Setting.SWEEP_INTERVAL);
            if (sweepInterval.isNegative()) {
                throw problem(Setting.SWEEP_INTERVAL, "must not be negative; zero turns the automatic sweeper off");
            }
        }
        int replayLimit = DEFAULT_REPLAY_LIMIT;
        if (given.containsKey(Setting.REPLAY_LIMIT)) {
            replayLimit = wholeNumber(Setting.REPLAY_LIMIT);
            if (replayLimit < 0) {
                throw problem(Setting.REPLAY_LIMIT, "must not be negative; zero replays nothing at activation");
            }
        }
        return new EngineSettings(dataSource, jdbcUrl, user, password, databaseId, migrate, rules, mappers, sql, templates,
                clock, Map.copyOf(actions), List.copyOf(listeners), nodeName, batchSize, claimLease, sweepInterval,
                replayLimit, springTransactionManager, cacheFolder(Setting.RULES_CACHE_DIRECTORY));
    }

    private Object nonNull(Setting s) {
        if (!given.containsKey(s)) {
            return null;
        }
        Object v = given.get(s);
        if (v == null) {
            throw problem(s, "must not be null");
        }
        return v;
    }

    private String databaseId() {
        if (!given.containsKey(Setting.DATABASE_ID)) {
            return null;
        }
        String id = (String) given.get(Setting.DATABASE_ID);
        if (id == null && source == Source.BUILDER) {
            return null; // databaseId(null): detect, as when not set
        }
        if (!DatabaseIds.SUPPORTED.contains(id)) {
            throw problem(Setting.DATABASE_ID, "must be one of " + String.join(", ",
                    DatabaseIds.SUPPORTED.stream().sorted().toList()) + " (leave it out to detect the database)");
        }
        return id;
    }

    private String nodeName() {
        String name = (String) given.get(Setting.NODE_NAME);
        if (name == null) {
            return EngineAssembly.defaultNodeName();
        }
        if (name.isBlank()) {
            throw problem(Setting.NODE_NAME, "must not be blank (leave it out for the host name and a random suffix)");
        }
        if (name.length() > MAX_NODE_NAME_LENGTH) {
            throw problem(Setting.NODE_NAME, "must be at most " + MAX_NODE_NAME_LENGTH + " characters, was " + name.length());
        }
        return name;
    }

    private boolean bool(Setting s) {
        Object v = given.get(s);
        if (v instanceof Boolean b) {
            return b;
        }
        String text = v == null ? "" : v.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw problem(s, "must be true or false");
        };
    }

    private int wholeNumber(Setting s) {
        Object v = given.get(s);
        if (v instanceof Integer i) {
            return i;
        }
        try {
            return Integer.parseInt(v == null ? "" : v.toString().trim());
        } catch (NumberFormatException e) {
            throw problem(s, "must be a whole number");
        }
    }

    private Duration duration(Setting s) {
        Object v = given.get(s);
        if (v instanceof Duration d) {
            return d;
        }
        if (v == null) {
            throw problem(s, "must not be null");
        }
        try {
            return Duration.parse(v.toString().trim());
        } catch (DateTimeParseException e) {
            throw problem(s, "must be an ISO-8601 duration such as PT30S, PT5M or PT1H");
        }
    }

    /** Null when not given (or given null to the builder): the copy in the JAR. Otherwise an existing folder. */
    /** A folder the engine creates when missing (and may write to); null when not given. */
    /**
     * The compiled rules cache of the command line and of Spring hosts when they name none: {@code plantflow-cache-<user>}
     * in java.io.tmpdir, one per user (the cache is used only from a folder its user owns and no one else can write).
     */
    public static Path defaultRulesCache() {
        return Path.of(System.getProperty("java.io.tmpdir"),
                "plantflow-cache-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    private Path cacheFolder(Setting s) {
        Object v = given.get(s);
        if (v == null) {
            return null;
        }
        if (v.toString().isBlank()) {
            throw problem(s, "must name a folder (leave it out for none)");
        }
        Path dir;
        try {
            dir = v instanceof Path p ? p : Path.of(v.toString());
        } catch (InvalidPathException e) {
            throw problem(s, "is not a valid path: " + e.getMessage());
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw problem(s, "is a file, not a folder (" + dir.toAbsolutePath().normalize() + ")");
        }
        return dir;
    }

    private Path folder(Setting s) {
        Object v = given.get(s);
        if (v == null) {
            return null;
        }
        if (v.toString().isBlank()) {
            throw problem(s, "must name a folder (leave it out for the built-in one)");
        }
        Path dir;
        try {
            dir = v instanceof Path p ? p : Path.of(v.toString());
        } catch (InvalidPathException e) {
            throw problem(s, "is not a valid path: " + e.getMessage());
        }
        Path abs = dir.toAbsolutePath().normalize();
        String where = dir.isAbsolute() ? "" : " (" + abs + "; relative paths are resolved against "
                + Path.of("").toAbsolutePath() + ")";
        if (!Files.exists(abs)) {
            throw problem(s, "no such folder" + where);
        }
        if (!Files.isDirectory(abs)) {
            throw problem(s, "is a file, not a folder" + where);
        }
        return dir;
    }

    private ConfigurationException problem(Setting s, String what) {
        Object v = given.get(s);
        String value = v == null ? null : v.toString();
        if (source == Source.PROPERTIES && s.property() != null) {
            return new ConfigurationException(s.property(), value, s.property() + "=" + (value == null ? "" : value) + ": " + what);
        }
        return new ConfigurationException(s.method(), value, s.method() + "(" + literal(v) + "): " + what);
    }

    /** How a builder argument reads in Java: strings quoted. */
    private static String literal(Object v) {
        return v instanceof String text ? "\"" + text + "\"" : String.valueOf(v);
    }
}
