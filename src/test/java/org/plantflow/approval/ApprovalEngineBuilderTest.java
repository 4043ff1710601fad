package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.spi.ApprovalListener;

/**
 * The builder checks every setting at build(), before it opens anything, and names the method, the value and what is
 * wrong in a {@link ConfigurationException}; and the engine it builds runs its own deadline sweeper unless
 * {@code sweepInterval(Duration.ZERO)}.
 */
class ApprovalEngineBuilderTest {
    @TempDir
    Path tmp;

    /** A DataSource the engine must not touch: any use fails the test. */
    static final DataSource UNTOUCHABLE = new DataSource() {
        @Override
        public Connection getConnection() {
            throw new AssertionError("the database was touched before the settings were checked");
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    };

    static ApprovalEngineBuilder builder() {
        return ApprovalEngine.builder().dataSource(UNTOUCHABLE);
    }

    static void refused(ThrowingCallable call, String method, String value, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.property()).isEqualTo(method);
            assertThat(e.value()).isEqualTo(value);
        }).hasMessage(message);
    }

    static DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:builder_" + name + "_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    static Thread liveThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ numbers and durations

    @Test
    void a_sweep_batch_size_below_1_is_refused_at_build_naming_the_method_and_the_value() {
        ApprovalEngineBuilder b = builder().sweepBatchSize(0); // the setter only records
        refused(b::build, "sweepBatchSize", "0", "sweepBatchSize(0): must be at least 1");
    }

    @Test
    void a_claim_lease_that_is_zero_negative_or_null_is_refused() {
        refused(() -> builder().claimLease(Duration.ZERO).build(), "claimLease", "PT0S", "claimLease(PT0S): must be positive");
        refused(() -> builder().claimLease(Duration.ofMinutes(-1)).build(), "claimLease", "PT-1M",
                "claimLease(PT-1M): must be positive");
        refused(() -> builder().claimLease(null).build(), "claimLease", null, "claimLease(null): must not be null");
    }

    @Test
    void a_negative_or_null_sweep_interval_is_refused_and_the_message_says_zero_turns_it_off() {
        refused(() -> builder().sweepInterval(Duration.ofSeconds(-1)).build(), "sweepInterval", "PT-1S",
                "sweepInterval(PT-1S): must not be negative; zero turns the automatic sweeper off");
        refused(() -> builder().sweepInterval(null).build(), "sweepInterval", null, "sweepInterval(null): must not be null");
    }

    // ------------------------------------------------------------------ database

    @Test
    void an_unknown_database_id_is_refused_with_the_ones_there_are() {
        refused(() -> builder().databaseId("mysql").build(), "databaseId", "mysql",
                "databaseId(\"mysql\"): must be one of h2, oracle, postgresql (leave it out to detect the database)");
    }

    @Test
    void data_source_and_jdbc_url_together_are_refused_without_showing_the_url() {
        refused(() -> builder().jdbcUrl("jdbc:postgresql://db/plant?password=secret", "u", "p").build(), "jdbcUrl", null,
                "jdbcUrl(..): set either dataSource(..) or jdbcUrl(..), not both");
    }

    @Test
    void a_null_data_source_or_clock_is_refused() {
        refused(() -> ApprovalEngine.builder().dataSource(null).build(), "dataSource", null, "dataSource(null): must not be null");
        refused(() -> builder().clock(null).build(), "clock", null, "clock(null): must not be null");
    }

    // ------------------------------------------------------------------ folders

    @Test
    void a_folder_that_does_not_exist_is_refused_naming_the_method_and_the_path() {
        Path missing = tmp.resolve("no-rules");
        refused(() -> builder().rulesDirectory(missing).build(), "rulesDirectory", missing.toString(),
                "rulesDirectory(" + missing + "): no such folder");
        refused(() -> builder().mappersDirectory(missing).build(), "mappersDirectory", missing.toString(),
                "mappersDirectory(" + missing + "): no such folder");
        refused(() -> builder().sqlDirectory(missing).build(), "sqlDirectory", missing.toString(),
                "sqlDirectory(" + missing + "): no such folder");
        refused(() -> builder().templatesDirectory(missing).build(), "templatesDirectory", missing.toString(),
                "templatesDirectory(" + missing + "): no such folder");
    }

    @Test
    void a_relative_folder_that_does_not_exist_is_refused_with_where_it_was_looked_for() {
        Path cwd = Path.of("").toAbsolutePath();
        refused(() -> builder().rulesDirectory(Path.of("no-such-rules")).build(), "rulesDirectory", "no-such-rules",
                "rulesDirectory(no-such-rules): no such folder (" + cwd.resolve("no-such-rules")
                        + "; relative paths are resolved against " + cwd + ")");
    }

    @Test
    void a_file_where_a_folder_is_expected_is_refused() throws IOException {
        Path file = Files.writeString(tmp.resolve("rules.drl"), "package x;");
        refused(() -> builder().rulesDirectory(file).build(), "rulesDirectory", file.toString(),
                "rulesDirectory(" + file + "): is a file, not a folder");
    }

    // ------------------------------------------------------------------ sweeper identity, actions, listeners

    @Test
    void a_blank_or_too_long_node_name_is_refused() {
        refused(() -> builder().nodeName("  ").build(), "nodeName", "  ",
                "nodeName(\"  \"): must not be blank (leave it out for the host name and a random suffix)");
        String longName = "n".repeat(101);
        refused(() -> builder().nodeName(longName).build(), "nodeName", longName,
                "nodeName(\"" + longName + "\"): must be at most 100 characters, was 101");
    }

    @Test
    void a_second_action_of_one_name_a_blank_action_name_and_a_null_listener_are_refused_when_given() {
        ApprovalEngineBuilder b = builder().action("printContract", ctx -> { });
        refused(() -> b.action("printContract", ctx -> { }), "action", "printContract",
                "action(\"printContract\", ..): an action named 'printContract' is already registered");
        refused(() -> b.action(" ", ctx -> { }), "action", " ", "action(\" \", ..): the name must not be blank");
        refused(() -> b.action("archive", null), "action", "archive", "action(\"archive\", null): the action must not be null");
        refused(() -> b.listener((ApprovalListener) null), "listener", null, "listener(null): must not be null");
    }

    @Test
    void the_first_wrong_setting_is_reported_before_the_database_is_touched() {
        // UNTOUCHABLE throws an AssertionError on any connection: a ConfigurationException proves nothing was opened
        assertThatThrownBy(() -> builder().migrate(true).sweepBatchSize(-5).claimLease(Duration.ZERO).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sweepBatchSize(-5): must be at least 1");
    }

    // ------------------------------------------------------------------ the automatic sweeper

    @Test
    void an_engine_sweeps_by_itself_on_a_thread_named_for_its_node_and_close_stops_that_thread() {
        ApprovalEngine engine = ApprovalEngine.builder().dataSource(h2("sweeper_on")).nodeName("builder-test-on").build();
        try {
            Thread t = liveThread("plantflow-sweeper-builder-test-on");
            assertThat(t).as("the default: an automatic sweeper").isNotNull();
            assertThat(t.isDaemon()).isTrue();
        } finally {
            engine.close();
        }
        assertThat(liveThread("plantflow-sweeper-builder-test-on")).as("after close()").isNull();
    }

    @Test
    void a_zero_sweep_interval_starts_no_sweeper_thread() {
        try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(h2("sweeper_off")).nodeName("builder-test-off")
                .sweepInterval(Duration.ZERO).clock(Clock.systemUTC()).build()) {
            assertThat(engine).isNotNull();
            assertThat(liveThread("plantflow-sweeper-builder-test-off")).isNull();
        }
    }
}
