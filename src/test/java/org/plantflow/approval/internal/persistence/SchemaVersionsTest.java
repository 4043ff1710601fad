package org.plantflow.approval.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The start-up shortcut past Flyway: taken only when Flyway itself would find nothing to do, on PostgreSQL and H2; a
 * pending, changed or failed script still goes through Flyway, which applies or refuses it as before.
 */
class SchemaVersionsTest {
    @TempDir
    Path tmp;

    @Test
    void checksumsAreTheOnesFlywayRecordsOnPostgresqlAndH2() {
        for (String[] db : new String[][] {{"postgresql", null}, {"h2", "jdbc:h2:mem:schema_versions_cs;DB_CLOSE_DELAY=-1"}}) {
            DataSource ds = db[1] == null ? TestPostgres.newSchemaDataSource("schema_versions_") : h2(db[1]);
            ResourceFolder sql = ResourceFolder.of(Path.of("sql"), "sql");
            assertThat(SchemaVersions.upToDate(ds, sql, db[0])).as("no history table yet").isFalse();
            Migrations.migrate(ds, sql, db[0]);

            Map<String, Integer> recorded = new HashMap<>();
            new JdbcTemplate(ds).query("select \"version\", \"checksum\" from \"pf_schema_history\" where \"type\" = 'SQL'",
                    rs -> {
                        recorded.put(rs.getString(1), rs.getInt(2));
                    });
            assertThat(SchemaVersions.scripts(sql.list(".sql"), db[0])).as(db[0]).isEqualTo(recorded).hasSizeGreaterThanOrEqualTo(4);
            assertThat(SchemaVersions.upToDate(ds, sql, db[0])).as(db[0]).isTrue();
        }
    }

    @Test
    void askingAnEmptyPostgresqlSchemaKeepsThePoolsSearchPathOnANonAutoCommitConnection() throws Exception {
        DataSource admin = TestPostgres.newSchemaDataSource("schema_versions_probe_");
        String schema;
        try (var c = admin.getConnection()) {
            schema = c.getSchema();
        }
        com.zaxxer.hikari.HikariConfig cfg = new com.zaxxer.hikari.HikariConfig();
        cfg.setJdbcUrl(TestPostgres.jdbcUrl());
        cfg.setUsername(TestPostgres.user());
        cfg.setPassword(TestPostgres.password());
        cfg.setSchema(schema);
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(1);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(cfg)) {
            assertThat(SchemaVersions.upToDate(pool, ResourceFolder.of(Path.of("sql"), "sql"), "postgresql")).isFalse();
            try (var c = pool.getConnection()) { // the pool's one connection: its SET search_path must have stayed
                assertThat(c.getSchema()).isEqualTo(schema);
            }
        }
    }

    @Test
    void aNewScriptIsNotUpToDateAndFlywayAppliesIt() throws Exception {
        DataSource ds = h2("jdbc:h2:mem:schema_versions_new;DB_CLOSE_DELAY=-1");
        Path sql = copyOfSql();
        Migrations.migrate(ds, ResourceFolder.directory(sql), "h2");
        Files.writeString(sql.resolve("h2/V99__host_extra.sql"), "create table pf_test_extra (id int);\n");

        assertThat(SchemaVersions.upToDate(ds, ResourceFolder.directory(sql), "h2")).isFalse();
        Migrations.migrate(ds, ResourceFolder.directory(sql), "h2");
        assertThat(new JdbcTemplate(ds).queryForObject("select count(*) from pf_test_extra", Integer.class)).isZero();
        assertThat(SchemaVersions.upToDate(ds, ResourceFolder.directory(sql), "h2")).isTrue();
    }

    @Test
    void aScriptChangedAfterItWasAppliedStillFailsFlywaysValidation() throws Exception {
        DataSource ds = h2("jdbc:h2:mem:schema_versions_changed;DB_CLOSE_DELAY=-1");
        Path sql = copyOfSql();
        Migrations.migrate(ds, ResourceFolder.directory(sql), "h2");
        Path v1 = sql.resolve("h2/V1__engine_schema.sql");
        Files.writeString(v1, Files.readString(v1) + "\n-- edited after it was applied\n");

        assertThat(SchemaVersions.upToDate(ds, ResourceFolder.directory(sql), "h2")).isFalse();
        assertThatThrownBy(() -> Migrations.migrate(ds, ResourceFolder.directory(sql), "h2"))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void aFailedScriptIsNotUpToDate() throws Exception {
        DataSource ds = h2("jdbc:h2:mem:schema_versions_failed;DB_CLOSE_DELAY=-1");
        Path sql = copyOfSql();
        Migrations.migrate(ds, ResourceFolder.directory(sql), "h2");
        new JdbcTemplate(ds).update("update \"pf_schema_history\" set \"success\" = false where \"version\" = '4'");

        assertThat(SchemaVersions.upToDate(ds, ResourceFolder.directory(sql), "h2")).isFalse();
    }

    @Test
    void lineEndingsAndAByteOrderMarkDoNotChangeTheChecksum() {
        int plain = SchemaVersions.checksum("create table a (id int);\nselect 1;\n".getBytes());
        assertThat(SchemaVersions.checksum("\uFEFFcreate table a (id int);\r\nselect 1;\r\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(plain);
        assertThat(SchemaVersions.checksum("create table a (id bigint);\nselect 1;\n".getBytes())).isNotEqualTo(plain);
    }

    private Path copyOfSql() throws Exception {
        Path dir = tmp.resolve("sql");
        Files.createDirectories(dir.resolve("h2"));
        try (var files = Files.list(Path.of("sql/h2"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve("h2").resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }
}
