package org.plantflow.approval.internal.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.plantflow.approval.ApprovalException;

/** Which database the engine runs on: selects the sql/ folder and the mapper databaseId variants. */
public final class DatabaseIds {
    public static final Set<String> SUPPORTED = Set.of("postgresql", "oracle", "h2");

    private DatabaseIds() {
    }

    /** Detects from the connection's metadata; fails on a database the engine has no scripts for. */
    public static String detect(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new ApprovalException("cannot connect to the database to detect its kind: " + e.getMessage()
                    + "; check the JDBC URL, user and password", e);
        }
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return "postgresql";
        }
        if (p.contains("oracle")) {
            return "oracle";
        }
        if (p.equals("h2")) {
            return "h2";
        }
        throw new ApprovalException("unsupported database '" + product + "': plantflow has schema scripts and mapper "
                + "variants for PostgreSQL, Oracle and H2; set databaseId explicitly only if yours is compatible with one");
    }

    public static String check(String databaseId) {
        if (!SUPPORTED.contains(databaseId)) {
            throw new ApprovalException("unknown databaseId '" + databaseId + "'; use one of " + SUPPORTED);
        }
        return databaseId;
    }
}
