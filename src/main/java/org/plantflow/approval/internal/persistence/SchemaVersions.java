package org.plantflow.approval.internal.persistence;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import org.plantflow.approval.internal.resources.ResourceFolder;

/**
 * Whether Flyway would find nothing to do, answered without starting Flyway (which costs about half a second of a
 * command's start): every versioned script of {@code sql/<databaseId>/} is recorded in {@code pf_schema_history} as
 * applied successfully with the checksum Flyway gives the file, and nothing else is recorded. Anything else (no history
 * table, a pending or failed script, a changed file, a repeatable or unknown script, any error) answers false, and
 * Flyway runs and decides as always.
 */
final class SchemaVersions {
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__.+\\.sql");

    private SchemaVersions() {
    }

    static boolean upToDate(DataSource dataSource, ResourceFolder sql, String databaseId) {
        Map<String, Integer> scripts = scripts(sql.list(".sql"), databaseId);
        if (scripts == null || scripts.isEmpty()) {
            return false;
        }
        try {
            return scripts.equals(applied(dataSource));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Version to checksum of each script of the vendor's folder; null when a file is not a versioned script. */
    static Map<String, Integer> scripts(List<ResourceFolder.Entry> entries, String databaseId) {
        Map<String, Integer> out = new HashMap<>();
        String prefix = databaseId + "/";
        for (ResourceFolder.Entry e : entries) {
            if (!e.relativePath().startsWith(prefix)) {
                continue;
            }
            Matcher m = VERSIONED.matcher(e.relativePath().substring(prefix.length()));
            if (!m.matches()) {
                return null;
            }
            out.put(normalize(m.group(1)), checksum(e.content()));
        }
        return out;
    }

    /** Flyway's checksum of a script: CRC32 over its lines in UTF-8, without line breaks and a leading byte-order mark. */
    static int checksum(byte[] content) {
        CRC32 crc = new CRC32();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = r.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    /**
     * Version to checksum of the applied scripts; null when a row failed or there is no history table in the
     * connection's schema. Nothing here may fail: on PostgreSQL a failed statement would abort the connection's open
     * transaction and its rollback would undo settings made in it (a pool's {@code SET search_path}), so the table is
     * looked up in the metadata first, and the read-only transaction is committed, never rolled back. Flyway creates
     * the table with quoted lower-case names.
     */
    private static Map<String, Integer> applied(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try {
                String schema = c.getSchema();
                if (schema == null || !hasHistoryTable(c, schema)) {
                    return null;
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select \"version\", \"checksum\","
                        + " \"success\", \"type\" from \"" + schema.replace("\"", "\"\"") + "\".\"pf_schema_history\"")) {
                    Map<String, Integer> out = new HashMap<>();
                    while (rs.next()) {
                        String version = rs.getString(1);
                        int checksum = rs.getInt(2);
                        boolean noChecksum = rs.wasNull();
                        if (!rs.getBoolean(3)) {
                            return null;
                        }
                        String type = rs.getString(4);
                        if ("SQL".equals(type)) {
                            if (version == null || noChecksum) {
                                return null;
                            }
                            out.put(normalize(version), checksum);
                        } else if (!"BASELINE".equals(type) && !"TABLE".equals(type) && !"SCHEMA".equals(type)) {
                            return null;
                        }
                    }
                    return out;
                }
            } finally {
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
        }
    }

    private static boolean hasHistoryTable(Connection c, String schema) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), schema, "pf_schema_history", null)) {
            return rs.next();
        }
    }

    private static String normalize(String version) {
        return version.replace('_', '.').replaceAll("(\\.0+)+$", "");
    }
}
