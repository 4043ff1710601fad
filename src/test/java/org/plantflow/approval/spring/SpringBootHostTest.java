package org.plantflow.approval.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot host that uses nothing but the library on its classpath, {@code spring-boot-starter-jdbc} and
 * properties: the auto-configuration gives it an engine over its DataSource, deploys the templates named by
 * {@code plantflow.deploy-templates}, and Spring Boot's own Flyway (which the library's flyway-core switches on) and
 * the engine's migration do not step on each other, with and without host migrations, on the first start and the next.
 */
class SpringBootHostTest {

    /** The host application: no component scan, nothing of plantflow named. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApp {
    }

    /** A host that defines its own engine bean: the auto-configuration backs off. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostWithItsOwnEngine {
        @Bean(destroyMethod = "close")
        ApprovalEngine hostsEngine(javax.sql.DataSource ds) {
            return ApprovalEngine.builder().dataSource(ds).sweepInterval(java.time.Duration.ZERO).build();
        }
    }

    private static String newSchema(String prefix) throws Exception {
        String schema = prefix + System.nanoTime();
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return schema;
    }

    private static ConfigurableApplicationContext start(Class<?> app, String schema, String... more) {
        String url = TestPostgres.jdbcUrl() + (TestPostgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        List<String> props = new java.util.ArrayList<>(List.of(
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + TestPostgres.user(),
                "spring.datasource.password=" + TestPostgres.password(),
                "spring.flyway.schemas=" + schema,
                "plantflow.sweep-interval=PT0S",
                "plantflow.deploy-templates=classpath*:plantflow/approval-templates/*.bpmn"));
        props.addAll(List.of(more));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .properties(props.toArray(String[]::new)).run();
    }

    private static List<String> tables(String schema) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = '"
                     + schema + "' order by table_name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "host migrations: {0}")
    @ValueSource(strings = {"classpath:host-migrations/boot", "classpath:host-migrations/none"})
    void a_boot_host_starts_twice_with_its_own_flyway_and_the_engines_migration_side_by_side(String hostMigrations)
            throws Exception {
        String schema = newSchema("boot_host_");
        for (int run = 1; run <= 2; run++) {
            try (ConfigurableApplicationContext ctx = start(HostApp.class, schema, "spring.flyway.locations=" + hostMigrations)) {
                ApprovalEngine engine = ctx.getBean(ApprovalEngine.class);
                assertThat(engine.activeRules().scenarioRows()).isPositive();
                List<DeployedTemplate> deployed = ctx.getBean(TemplatesOnStart.class).deployed();
                assertThat(deployed).extracting(DeployedTemplate::key).contains("fuel-purchase-contract", "fuel-settlement");
                assertThat(deployed).extracting(DeployedTemplate::created).as("run " + run + ": deployed anew only the first time")
                        .containsOnly(run == 1);
                assertThat(engine.pendingTasks("nobody", List.of())).isEmpty();
            }
        }
        List<String> tables = tables(schema);
        assertThat(tables).contains("flyway_schema_history", "pf_schema_history", "pf_template", "pf_rules_activation");
        if (hostMigrations.endsWith("boot")) {
            assertThat(tables).contains("host_orders");
        }
    }

    @ParameterizedTest(name = "H2, host migrations: {0}")
    @ValueSource(strings = {"classpath:host-migrations/boot", "classpath:host-migrations/none"})
    void on_h2_too_the_hosts_flyway_and_the_engines_migration_start_twice_side_by_side(String hostMigrations)
            throws Exception {
        String url = "jdbc:h2:mem:boot_host_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        for (int run = 1; run <= 2; run++) {
            try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(HostApp.class).web(WebApplicationType.NONE)
                    .properties("spring.datasource.url=" + url, "spring.datasource.username=sa",
                            "spring.flyway.locations=" + hostMigrations, "plantflow.sweep-interval=PT0S",
                            "plantflow.deploy-templates=classpath*:plantflow/approval-templates/*.bpmn").run()) {
                assertThat(ctx.getBean(TemplatesOnStart.class).deployed()).extracting(DeployedTemplate::created)
                        .as("run " + run).containsOnly(run == 1);
                javax.sql.DataSource ds = ctx.getBean(javax.sql.DataSource.class);
                try (Connection c = ds.getConnection();
                     ResultSet rs = c.createStatement().executeQuery("select count(*) from information_schema.tables "
                             + "where lower(table_name) in ('flyway_schema_history', 'pf_schema_history', 'host_orders')")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(hostMigrations.endsWith("boot") ? 3 : 2);
                }
            }
        }
    }

    @Test
    void a_host_engine_bean_or_plantflow_enabled_false_turns_the_auto_configuration_off() throws Exception {
        String schema = newSchema("boot_host_own_");
        try (ConfigurableApplicationContext ctx = start(HostWithItsOwnEngine.class, schema)) {
            assertThat(ctx.getBeansOfType(ApprovalEngine.class)).containsOnlyKeys("hostsEngine");
            assertThat(ctx.getBeansOfType(TemplatesOnStart.class)).hasSize(1);
        }
        try (ConfigurableApplicationContext ctx = start(HostApp.class, newSchema("boot_host_off_"), "plantflow.enabled=false")) {
            assertThat(ctx.getBeansOfType(ApprovalEngine.class)).isEmpty();
        }
    }
}
