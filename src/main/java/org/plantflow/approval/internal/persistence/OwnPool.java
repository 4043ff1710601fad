package org.plantflow.approval.internal.persistence;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A connection pool the engine (or the command line) opens for itself over a JDBC URL, and closes. */
public final class OwnPool implements AutoCloseable {
    /** Where the embedded default keeps its database, relative to the working directory. */
    public static final Path EMBEDDED_DIR = Path.of("plantflow-data");

    private final HikariDataSource pool;

    private OwnPool(HikariDataSource pool) {
        this.pool = pool;
    }

    /** A pool over a JDBC URL; null: the embedded H2 default under ./plantflow-data/. */
    public static OwnPool open(String jdbcUrl, String user, String password) {
        HikariConfig c = new HikariConfig();
        String url = jdbcUrl;
        if (url == null) {
            url = embeddedUrl();
            c.setUsername("sa");
            c.setPassword("");
        } else {
            c.setUsername(user);
            c.setPassword(password);
        }
        c.setJdbcUrl(url);
        c.setPoolName("plantflow");
        c.setMaximumPoolSize(10);
        c.setAutoCommit(false);
        c.setInitializationFailTimeout(-1);
        return new OwnPool(new HikariDataSource(c));
    }

    /** The embedded default: an H2 file database under ./plantflow-data/. */
    public static String embeddedUrl() {
        return "jdbc:h2:file:" + EMBEDDED_DIR.toAbsolutePath().resolve("plantflow") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public DataSource dataSource() {
        return pool;
    }

    public String url() {
        return pool.getJdbcUrl();
    }

    @Override
    public void close() {
        pool.close();
    }
}
