package org.plantflow.approval.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ConfigurationException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code plantflow.*} properties of a Spring host go through the builder's checks: a bad one stops start-up
 * with a {@link ConfigurationException} naming the property and the value (the root cause of Spring's
 * {@link BeanCreationException}); good ones reach the engine. A real Spring context on H2.
 */
class SpringPropertiesTest {
    @TempDir
    Path tmp;

    /** A host application on an in-memory H2 database, with plantflow imported. */
    @Configuration
    @Import(PlantflowConfiguration.class)
    static class Host {
        @Bean
        DataSource dataSource() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:spring_props_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            return ds;
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource ds) {
            return new DataSourceTransactionManager(ds);
        }
    }

    static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        context.register(Host.class);
        context.refresh();
        return context;
    }

    /** Starts a host with one property; returns the exception at the root of the failed start. */
    static ConfigurationException startFails(String property, String value) {
        Throwable thrown = catchThrowable(() -> context(Map.of(property, value)).close());
        assertThat(thrown).as("start-up with " + property + "=" + value).isInstanceOf(BeanCreationException.class);
        Throwable root = NestedExceptionUtils.getRootCause(thrown);
        assertThat(root).isInstanceOf(ConfigurationException.class);
        ConfigurationException e = (ConfigurationException) root;
        assertThat(e.property()).isEqualTo(property);
        assertThat(e.value()).isEqualTo(value);
        return e;
    }

    static Thread liveThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst().orElse(null);
    }

    @Test
    void a_sweep_batch_size_of_0_stops_start_up_naming_the_property_and_the_value() {
        assertThat(startFails("plantflow.sweep-batch-size", "0"))
                .hasMessage("plantflow.sweep-batch-size=0: must be at least 1");
    }

    @Test
    void a_sweep_batch_size_that_is_not_a_number_stops_start_up() {
        assertThat(startFails("plantflow.sweep-batch-size", "ten"))
                .hasMessage("plantflow.sweep-batch-size=ten: must be a whole number");
    }

    @Test
    void a_claim_lease_that_is_not_an_iso_8601_duration_stops_start_up_instead_of_a_raw_parse_error() {
        assertThat(startFails("plantflow.claim-lease", "5m"))
                .hasMessage("plantflow.claim-lease=5m: must be an ISO-8601 duration such as PT30S, PT5M or PT1H");
    }

    @Test
    void a_claim_lease_of_zero_stops_start_up() {
        assertThat(startFails("plantflow.claim-lease", "PT0S")).hasMessage("plantflow.claim-lease=PT0S: must be positive");
    }

    @Test
    void a_negative_sweep_interval_stops_start_up() {
        assertThat(startFails("plantflow.sweep-interval", "-PT30S"))
                .hasMessage("plantflow.sweep-interval=-PT30S: must not be negative; zero turns the automatic sweeper off");
    }

    @Test
    void a_sweep_interval_that_is_not_a_duration_stops_start_up() {
        assertThat(startFails("plantflow.sweep-interval", "often"))
                .hasMessage("plantflow.sweep-interval=often: must be an ISO-8601 duration such as PT30S, PT5M or PT1H");
    }

    @Test
    void an_unknown_database_id_stops_start_up() {
        assertThat(startFails("plantflow.database-id", "mysql"))
                .hasMessage("plantflow.database-id=mysql: must be one of h2, oracle, postgresql (leave it out to detect the database)");
    }

    @Test
    void a_migrate_value_other_than_true_or_false_stops_start_up() {
        assertThat(startFails("plantflow.migrate", "yes-please")).hasMessage("plantflow.migrate=yes-please: must be true or false");
    }

    @Test
    void a_blank_node_name_stops_start_up() {
        assertThat(startFails("plantflow.node-name", " "))
                .hasMessage("plantflow.node-name= : must not be blank (leave it out for the host name and a random suffix)");
    }

    @Test
    void a_rules_folder_that_does_not_exist_stops_start_up_naming_the_property_and_the_path() {
        String missing = tmp.resolve("no-rules").toString();
        assertThat(startFails("plantflow.rules-dir", missing)).hasMessage("plantflow.rules-dir=" + missing + ": no such folder");
    }

    @Test
    void every_folder_property_must_name_an_existing_folder() throws IOException {
        String file = Files.writeString(tmp.resolve("a-file.xml"), "<x/>").toString();
        assertThat(startFails("plantflow.mappers-dir", file)).hasMessage("plantflow.mappers-dir=" + file + ": is a file, not a folder");
        assertThat(startFails("plantflow.sql-dir", file)).hasMessage("plantflow.sql-dir=" + file + ": is a file, not a folder");
        assertThat(startFails("plantflow.templates-dir", "")).hasMessage(
                "plantflow.templates-dir=: must name a folder (leave it out for the built-in one)");
    }

    @Test
    void good_properties_reach_the_engine_and_its_sweeper_stops_with_the_context() {
        try (AnnotationConfigApplicationContext context = context(Map.of(
                "plantflow.sweep-interval", "PT1H", "plantflow.node-name", "spring-props-node",
                "plantflow.sweep-batch-size", "5", "plantflow.claim-lease", "PT1M", "plantflow.migrate", "true",
                "plantflow.database-id", "h2"))) {
            assertThat(context.getBean(ApprovalEngine.class)).isNotNull();
            assertThat(liveThread("plantflow-sweeper-spring-props-node")).as("sweeper named for plantflow.node-name").isNotNull();
        }
        assertThat(liveThread("plantflow-sweeper-spring-props-node")).as("after the context closed").isNull();
    }

    @Test
    void a_sweep_interval_of_zero_turns_the_sweeper_off() {
        try (AnnotationConfigApplicationContext context = context(Map.of(
                "plantflow.sweep-interval", "PT0S", "plantflow.node-name", "spring-props-off"))) {
            assertThat(context.getBean(ApprovalEngine.class)).isNotNull();
            assertThat(liveThread("plantflow-sweeper-spring-props-off")).isNull();
        }
    }

    @Test
    void a_spring_host_keeps_compiled_rules_in_the_per_user_temporary_folder_unless_it_says_none() throws IOException {
        String before = System.getProperty("java.io.tmpdir");
        Path defaults = tmp.resolve("tmpdir");
        Files.createDirectories(defaults);
        System.setProperty("java.io.tmpdir", defaults.toString());
        try {
            try (AnnotationConfigApplicationContext context = context(Map.of("plantflow.sweep-interval", "PT0S",
                    "plantflow.rules-cache-dir", "none"))) {
                assertThat(context.getBean(ApprovalEngine.class)).isNotNull();
            }
            try (var files = Files.list(defaults)) {
                assertThat(files.toList()).as("none: nothing kept").isEmpty();
            }
            try (AnnotationConfigApplicationContext context = context(Map.of("plantflow.sweep-interval", "PT0S"))) {
                assertThat(context.getBean(ApprovalEngine.class)).isNotNull();
            }
            Path cache = defaults.resolve("plantflow-cache-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_"));
            try (var files = Files.list(cache)) {
                assertThat(files.map(f -> f.getFileName().toString())).anySatisfy(f -> assertThat(f).endsWith(".kbases"));
            }
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
