package org.plantflow.approval.internal.engine;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.session.SqlSessionFactory;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.internal.decision.DroolsDecisions;
import org.plantflow.approval.internal.persistence.DatabaseIds;
import org.plantflow.approval.internal.persistence.Migrations;
import org.plantflow.approval.internal.persistence.MyBatisSetup;
import org.plantflow.approval.internal.persistence.Transactions;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires an engine from its settings: data source, database id, schema, MyBatis, rules. */
public final class EngineAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(EngineAssembly.class);
    /** Where the embedded default keeps its database, relative to the working directory. */
    public static final Path EMBEDDED_DIR = Path.of("plantflow-data");

    private EngineAssembly() {
    }

    public static ApprovalEngine assemble(EngineSettings s, Transactions transactions) {
        HikariDataSource ownPool = null;
        DataSource ds = s.dataSource();
        if (ds == null) {
            ownPool = pool(s);
            ds = ownPool;
        }
        try {
            String databaseId = s.databaseId() != null ? DatabaseIds.check(s.databaseId()) : DatabaseIds.detect(ds);
            LOG.info("plantflow on {} (databaseId {})", ownPool != null ? ownPool.getJdbcUrl() : "host DataSource", databaseId);
            if (s.migrate()) {
                Migrations.migrate(ds, ResourceFolder.of(s.sqlDirectory(), "sql"), databaseId);
            }
            ResourceFolder hostMappers = s.mappersDirectory() == null ? null : ResourceFolder.directory(s.mappersDirectory());
            SqlSessionFactory factory = MyBatisSetup.build(ds, transactions.transactionFactory(), databaseId, hostMappers);
            transactions.init(factory);
            DroolsDecisions decisions = new DroolsDecisions(ResourceFolder.of(s.rulesDirectory(), "rules"));
            ResourceFolder templates = ResourceFolder.of(s.templatesDirectory(), "approval-templates");
            return new DefaultApprovalEngine(transactions, decisions, templates, s, new Actions(s.actions()), ownPool);
        } catch (RuntimeException | Error e) {
            if (ownPool != null) {
                ownPool.close();
            }
            throw e;
        }
    }

    /** Host name and a random suffix: how this engine signs its claims on overdue tasks. */
    public static String defaultNodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "plantflow";
        }
        return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The embedded default: an H2 file database under ./plantflow-data/. */
    public static String embeddedUrl() {
        return "jdbc:h2:file:" + EMBEDDED_DIR.toAbsolutePath().resolve("plantflow") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** A pool over a JDBC URL (null: the embedded default), as the engine makes for itself. */
    public static HikariDataSource pool(String jdbcUrl, String user, String password) {
        return pool(new EngineSettings(null, jdbcUrl, user, password, null, true, null, null, null, null, null,
                java.util.Map.of(), java.util.List.of(), "pool", 1, java.time.Duration.ofMinutes(1)));
    }

    private static HikariDataSource pool(EngineSettings s) {
        org.plantflow.approval.internal.persistence.OptionalLibraries.requireForPool(s.jdbcUrl()); // before any Hikari class
        HikariConfig c = new HikariConfig();
        String url = s.jdbcUrl();
        if (url == null) {
            url = embeddedUrl();
            c.setUsername("sa");
            c.setPassword("");
        } else {
            c.setUsername(s.user());
            c.setPassword(s.password());
        }
        c.setJdbcUrl(url);
        c.setPoolName("plantflow");
        c.setMaximumPoolSize(10);
        c.setAutoCommit(false);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }
}
