package org.plantflow.approval.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void embedded_server_accepts_two_concurrent_connections_in_a_fresh_schema() throws Exception {
        DataSource ds = TestPostgres.newSchemaDataSource("tp_concurrent");
        try (Connection a = ds.getConnection(); Statement sa = a.createStatement()) {
            assertTrue(query(sa, "SELECT current_schema()").startsWith("tp_concurrent_"));
            assertEquals("0", query(sa, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"));
            sa.execute("CREATE TABLE item (id int PRIMARY KEY, name text)");
            sa.execute("INSERT INTO item VALUES (1, 'pump')");

            a.setAutoCommit(false);
            sa.execute("UPDATE item SET name = 'valve' WHERE id = 1"); // uncommitted; holds the row lock

            // A second pooled connection, used from another thread, is a separate session in the same schema:
            // it sees only committed data and cannot take the row lock held by the first one.
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
                try (Connection b = ds.getConnection(); Statement sb = b.createStatement()) {
                    String seen = query(sb, "SELECT name FROM item WHERE id = 1");
                    SQLException locked = assertThrows(SQLException.class,
                            () -> sb.executeQuery("SELECT 1 FROM item WHERE id = 1 FOR UPDATE NOWAIT"));
                    return seen + "/" + locked.getSQLState();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("pump/55P03", other.get(30, TimeUnit.SECONDS)); // 55P03 = lock_not_available

            a.commit();
            assertEquals("valve", query(sa, "SELECT name FROM item WHERE id = 1"));
        }
    }

    @Test
    void each_schema_data_source_gets_its_own_empty_schema() throws Exception {
        DataSource first = TestPostgres.newSchemaDataSource("tp_iso");
        DataSource second = TestPostgres.newSchemaDataSource("tp_iso");
        try (Connection c1 = first.getConnection(); Statement s1 = c1.createStatement();
             Connection c2 = second.getConnection(); Statement s2 = c2.createStatement()) {
            assertNotEquals(query(s1, "SELECT current_schema()"), query(s2, "SELECT current_schema()"));
            s1.execute("CREATE TABLE only_here (id int)");
            assertFalse(s2.executeQuery("SELECT 1 FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename = 'only_here'").next());
        }
    }

    @Test
    void raw_jdbc_url_user_and_password_connect_to_the_same_server() throws Exception {
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(),
                TestPostgres.password()); Statement s = c.createStatement()) {
            assertEquals("1", query(s, "SELECT 1"));
        }
    }

    private static String query(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
