package org.plantflow.approval.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One PostgreSQL server per test JVM, handed out as fresh, empty schemas.
 *
 * <p>If {@code PLANTFLOW_TEST_PG_URL} is set, that external server is used (user/password from
 * {@code PLANTFLOW_TEST_PG_USER} / {@code PLANTFLOW_TEST_PG_PASSWORD}, both defaulting to "postgres").
 * Otherwise an embedded (zonky) PostgreSQL is started lazily on first use and stopped by a JVM shutdown hook.
 *
 * <p>Running as root: initdb/postgres refuse to run as uid 0. zonky 2.1.1 already handles this itself: when the
 * JVM's uid is 0 and {@code unshare -U id -u} prints a non-zero uid, it launches initdb and pg_ctl as
 * {@code unshare -U <binary> ...}. In that fresh user namespace nothing is mapped, so the process sees itself as
 * the overflow uid 65534 ("nobody") and real-root-owned files (the data directory) also appear owned by 65534,
 * which satisfies postgres' "data directory must be owned by the server user" check, while files it creates are
 * still owned by real root on disk. If that detection fails, zonky silently runs the binaries directly and initdb
 * dies with "cannot be run as root"; {@link #checkRootCanUseUnshare()} repeats the probe up front to fail with a
 * clear message instead.
 */
public final class TestPostgres {

    private static final int POOL_SIZE = 8;

    private static String url;
    private static String user;
    private static String password;
    private static int schemaCounter;

    private TestPostgres() {
    }

    /**
     * A pooled DataSource (a {@link HikariDataSource}, max 8 connections; close it if you create many) whose
     * connections all use a newly created, empty schema as their current schema, so unqualified names land there.
     */
    public static synchronized DataSource newSchemaDataSource(String schemaPrefix) {
        ensureServer();
        String schema = newSchemaName(schemaPrefix);
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + schema + " on " + url, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("test-pg-" + schema);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema); // Connection.setSchema -> search_path = schema, re-applied if a test changes it
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0); // don't hold 8 idle connections per schema: tests may create many pools
        config.setIdleTimeout(TimeUnit.SECONDS.toMillis(10));
        return new HikariDataSource(config);
    }

    /** JDBC URL of the server's default database (without credentials; see {@link #user()}/{@link #password()}). */
    public static synchronized String jdbcUrl() {
        ensureServer();
        return url;
    }

    public static synchronized String user() {
        ensureServer();
        return user;
    }

    /** For the embedded server any password is accepted (trust authentication). */
    public static synchronized String password() {
        ensureServer();
        return password;
    }

    private static void ensureServer() {
        if (url != null) {
            return;
        }
        String externalUrl = System.getenv("PLANTFLOW_TEST_PG_URL");
        if (externalUrl != null && !externalUrl.isBlank()) {
            url = externalUrl;
            user = envOrDefault("PLANTFLOW_TEST_PG_USER", "postgres");
            password = envOrDefault("PLANTFLOW_TEST_PG_PASSWORD", "postgres");
            System.err.println("[TestPostgres] using external PostgreSQL " + url + " as " + user);
            return;
        }
        boolean root = isRoot();
        if (root) {
            checkRootCanUseUnshare();
        }
        long started = System.nanoTime();
        EmbeddedPostgres pg;
        try {
            // Data dir under zonky's working dir (java.io.tmpdir/embedded-pg) rather than the default
            // java.io.tmpdir/epgNNN: a later start then stops and deletes it if this JVM gets killed (zonky only
            // sweeps its working dir, for lock files older than 10 minutes that no live JVM holds).
            Path workDir = Path.of(System.getProperty("ot.epg.working-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(workDir.resolve("plantflow-" + UUID.randomUUID()))
                    .start(); // zonky registers its own shutdown hook that stops the server and deletes the data dir
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL (set PLANTFLOW_TEST_PG_URL to use"
                    + " an external server instead)", e);
        }
        url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        user = "postgres";
        password = "postgres";
        System.err.printf("[TestPostgres] using embedded PostgreSQL %s (started in %d ms%s)%n", url,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), root ? ", as root via unshare -U" : "");
    }

    /** Lowercase, [a-z0-9_] only, so it needs no quoting; counter + random suffix to stay unique on shared servers. */
    private static String newSchemaName(String prefix) {
        String clean = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t_" + clean;
        }
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        return String.format("%s_%d_%06x", clean, ++schemaCounter, ThreadLocalRandom.current().nextInt(1 << 24));
    }

    private static boolean isRoot() {
        try {
            // /proc/self is owned by the process' effective uid
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Same probe zonky uses to decide on unshare, but failing loudly instead of letting initdb refuse root. */
    private static void checkRootCanUseUnshare() {
        String hint = "Tests run as root and the embedded PostgreSQL refuses to run as root; it needs `unshare -U`"
                + " (util-linux, with user namespaces enabled) to drop to an unprivileged uid. Install util-linux /"
                + " enable user namespaces, run the build as a non-root user, or set PLANTFLOW_TEST_PG_URL"
                + " (and PLANTFLOW_TEST_PG_USER / PLANTFLOW_TEST_PG_PASSWORD) to use an external server.";
        String output;
        int exit;
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-un").redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            exit = p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(hint + " (could not execute unshare: " + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(hint, e);
        }
        if (exit != 0 || output.isEmpty() || output.equals("root")) {
            throw new IllegalStateException(hint + " (`unshare -U id -un` exited " + exit + ": " + output + ")");
        }
    }

    private static String envOrDefault(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
