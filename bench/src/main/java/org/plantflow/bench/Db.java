package org.plantflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Small JDBC helpers for setup and counting (never on a timed path). */
final class Db {
    private Db() {
    }

    static long count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            long n = r.getLong(1);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Long> rows(DataSource ds, List<String> tables) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : tables) {
            out.put(t, count(ds, "select count(*) from " + t));
        }
        return out;
    }

    /** Tables of the connection's current schema whose name matches a LIKE pattern (lower case). */
    static List<String> tables(DataSource ds, String like) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select table_name from information_schema.tables where table_schema = current_schema()"
                     + " and lower(table_name) like '" + like + "' and table_type = 'BASE TABLE' order by 1")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    static void exec(Connection c, String... sqls) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : sqls) {
                s.execute(sql);
            }
        }
    }

    static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new LinkedHashMap<>();
        after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }
}
