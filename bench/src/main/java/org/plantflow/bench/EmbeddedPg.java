package org.plantflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL (zonky) for the whole run; every contender gets its own schema on it. As root, zonky
 * 2.1.1 runs initdb/pg_ctl through {@code unshare -U} by itself (see the library's TestPostgres). An external
 * server can be used instead with {@code BENCH_PG_URL} (+ {@code BENCH_PG_USER}, {@code BENCH_PG_PASSWORD}).
 */
final class EmbeddedPg implements AutoCloseable {
    /** Server settings, printed in the report. zonky's own defaults include synchronous_commit=off. */
    static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("shared_buffers", "512MB");
        SETTINGS.put("max_wal_size", "4GB");
        SETTINGS.put("synchronous_commit", "off");
        SETTINGS.put("max_connections", "300");
    }

    private final EmbeddedPostgres pg;
    final String url;
    final String user;
    final String password;

    private EmbeddedPg(EmbeddedPostgres pg, String url, String user, String password) {
        this.pg = pg;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Loads pg_stat_statements (with planning times) on the embedded server: {@code --pg-stats}, used by {@code profile}. */
    static void enableStatementStats() {
        SETTINGS.put("shared_preload_libraries", "pg_stat_statements");
        SETTINGS.put("pg_stat_statements.track_planning", "on");
    }

    static EmbeddedPg start() throws IOException {
        String external = System.getenv("BENCH_PG_URL");
        if (external != null && !external.isBlank()) {
            return new EmbeddedPg(null, external, env("BENCH_PG_USER", "postgres"), env("BENCH_PG_PASSWORD", "postgres"));
        }
        if (isRoot()) {
            checkUnshare();
        }
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        Path data = work.resolve("plantflow-bench-" + UUID.randomUUID());
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        SETTINGS.forEach(b::setServerConfig);
        EmbeddedPostgres pg = b.start();
        try { // the postmaster's pid: the server CPU counts this server only, not other PostgreSQL servers on the machine
            ServerCpu.server(Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            Compare.log("postmaster.pid not readable (" + e + "): server CPU counts every postgres process");
        }
        return new EmbeddedPg(pg, "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "postgres");
    }

    String describe() {
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select version()")) {
            r.next();
            String v = r.getString(1);
            return (pg == null ? "external " : "embedded (zonky) ") + v.substring(0, v.indexOf(',') > 0 ? v.indexOf(',') : v.length());
        } catch (SQLException e) {
            return "PostgreSQL (" + e.getMessage() + ")";
        }
    }

    Connection admin() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    void createSchema(String schema) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
            s.execute("create schema " + schema);
        }
    }

    /** A pool whose connections use {@code schema}; autoCommit as the consumer expects. */
    HikariDataSource pool(String schema, int size, boolean autoCommit) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("bench-" + schema);
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setSchema(schema);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        c.setAutoCommit(autoCommit);
        return new HikariDataSource(c);
    }

    @Override
    public void close() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void checkUnshare() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-un").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty() || out.equals("root")) {
                throw new IllegalStateException("running as root: embedded PostgreSQL needs `unshare -U` (util-linux); "
                        + "`unshare -U id -un` gave: " + out + "; or set BENCH_PG_URL to an external server");
            }
        } catch (IOException e) {
            throw new IllegalStateException("running as root: embedded PostgreSQL needs `unshare -U` (util-linux): "
                    + e.getMessage() + "; or set BENCH_PG_URL to an external server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
