package org.plantflow.approval.internal.persistence;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's database, opened once per engine: the data source (the host's, or a pool of our own), the
 * detected database id, the migrated schema and the MyBatis configuration. Hands out {@link Transactions};
 * nothing outside this package sees MyBatis or JDBC.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Where and how to connect. {@code dataSource} null: a pool over {@code jdbcUrl} (null: the embedded H2). */
    public record Settings(DataSource dataSource, String jdbcUrl, String user, String password, String databaseId,
                           boolean migrate, Path sqlDirectory, Path mappersDirectory, Object springTransactionManager) {
    }

    private final String databaseId;
    private final SqlSessionFactory sessions;
    private final Transactions transactions;
    private final OwnPool ownPool;

    private Database(String databaseId, SqlSessionFactory sessions, Transactions transactions, OwnPool ownPool) {
        this.databaseId = databaseId;
        this.sessions = sessions;
        this.transactions = transactions;
        this.ownPool = ownPool;
    }

    /** Connects, detects the database, migrates (unless turned off) and loads the mappers. */
    public static Database open(Settings s) {
        if (s.dataSource() == null) {
            OptionalLibraries.requireForPool(s.jdbcUrl()); // before any HikariCP class is loaded
        }
        OwnPool own = s.dataSource() == null ? OwnPool.open(s.jdbcUrl(), s.user(), s.password()) : null;
        DataSource ds = own != null ? own.dataSource() : s.dataSource();
        try {
            String databaseId = s.databaseId() != null ? DatabaseIds.check(s.databaseId()) : DatabaseIds.detect(ds);
            LOG.info("plantflow on {} (databaseId {})", own != null ? own.url() : "host DataSource", databaseId);
            if (s.migrate()) {
                Migrations.migrate(ds, ResourceFolder.of(s.sqlDirectory(), "sql"), databaseId);
            }
            ResourceFolder hostMappers = s.mappersDirectory() == null ? null : ResourceFolder.directory(s.mappersDirectory());
            boolean spring = s.springTransactionManager() != null;
            SqlSessionFactory factory = MyBatisSetup.build(ds,
                    spring ? SpringTransactions.transactionFactory() : new JdbcTransactionFactory(), databaseId, hostMappers);
            Transactions tx = spring ? new SpringTransactions(s.springTransactionManager()).init(factory)
                    : new JdbcTransactions(factory);
            return new Database(databaseId, factory, tx, own);
        } catch (RuntimeException | Error e) {
            if (own != null) {
                own.close();
            }
            throw e;
        }
    }

    public Transactions transactions() {
        return transactions;
    }

    public String databaseId() {
        return databaseId;
    }

    /** Whether a mapper defines this statement (namespace.id): a template's {@code approval:facts} must name one. */
    public boolean hasStatement(String statement) {
        return sessions.getConfiguration().hasStatement(statement, false);
    }

    /** Closes the pool when the engine opened one; never a host's DataSource. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
