package org.plantflow.approval.internal.assembly;

/**
 * The single-valued settings an engine is built from, each with the name the builder gives it (its method) and the
 * name the Spring adapter reads it under (null: no property; the Spring host gives it as a bean). Errors name a
 * setting the way the caller gave it.
 */
public enum Setting {
    DATA_SOURCE("dataSource", null),
    JDBC_URL("jdbcUrl", null),
    CLOCK("clock", null),
    DATABASE_ID("databaseId", "plantflow.database-id"),
    MIGRATE("migrate", "plantflow.migrate"),
    RULES_DIRECTORY("rulesDirectory", "plantflow.rules-dir"),
    MAPPERS_DIRECTORY("mappersDirectory", "plantflow.mappers-dir"),
    SQL_DIRECTORY("sqlDirectory", "plantflow.sql-dir"),
    TEMPLATES_DIRECTORY("templatesDirectory", "plantflow.templates-dir"),
    NODE_NAME("nodeName", "plantflow.node-name"),
    SWEEP_BATCH_SIZE("sweepBatchSize", "plantflow.sweep-batch-size"),
    CLAIM_LEASE("claimLease", "plantflow.claim-lease"),
    SWEEP_INTERVAL("sweepInterval", "plantflow.sweep-interval"),
    REPLAY_LIMIT("replayLimit", "plantflow.rules-replay-limit"),
    RULES_CACHE_DIRECTORY("rulesCacheDirectory", "plantflow.rules-cache-dir");

    private final String method;
    private final String property;

    Setting(String method, String property) {
        this.method = method;
        this.property = property;
    }

    /** The builder method that sets it. */
    public String method() {
        return method;
    }

    /** The Spring property that sets it; null when a Spring host gives it as a bean instead. */
    public String property() {
        return property;
    }
}
