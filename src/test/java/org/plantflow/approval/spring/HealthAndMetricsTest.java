package org.plantflow.approval.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.EngineStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.Actor;
import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With Actuator and Micrometer on a Boot host's classpath: the engine's health indicator and meters, on PostgreSQL. */
class HealthAndMetricsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApp {
    }

    @Test
    void a_boot_host_with_actuator_sees_the_engines_health_and_meters() throws Exception {
        String schema = "boot_health_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String url = TestPostgres.jdbcUrl() + (TestPostgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(HostApp.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + url, "spring.datasource.username=" + TestPostgres.user(),
                        "spring.datasource.password=" + TestPostgres.password(), "spring.flyway.schemas=" + schema,
                        "plantflow.deploy-templates=classpath*:plantflow/approval-templates/fuel-settlement.bpmn",
                        "plantflow.sweep-interval=PT0.2S")
                .run()) {
            ApprovalEngine engine = ctx.getBean(ApprovalEngine.class);
            Health health = ctx.getBean("plantflowHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("database", "reachable")
                    .containsEntry("rulesActivation", engine.activeRules().id()).containsEntry("overdueTasks", 0L);

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            double decisionsBefore = meters.get("plantflow.decisions").functionTimer().count();
            org.plantflow.approval.internal.demo.DemoSchema.migrate(ctx.getBean(javax.sql.DataSource.class)); // fact tables
            InstanceView i = engine.start("fuel-settlement", "HM-1", "sun.settle", Map.of());
            engine.pass(i.openTasks().get(0).id(), Actor.of("sun.settle", "fuel_accountant"), null);
            Thread.sleep(1_100); // the meters read the status at most once a second
            assertThat(meters.get("plantflow.starts").functionCounter().count()).isEqualTo(1.0);
            assertThat(meters.get("plantflow.passes").functionCounter().count()).isEqualTo(1.0);
            assertThat(meters.get("plantflow.decisions").functionTimer().count()).isGreaterThan(decisionsBefore);
            assertThat(meters.get("plantflow.tasks.overdue").gauge().value()).isZero();
            assertThat(meters.get("plantflow.sweeper.lag").gauge().value()).as("seconds behind: none but scheduling noise")
                    .isGreaterThanOrEqualTo(0.0).isLessThan(5.0);
        }
    }

    @Test
    void the_health_is_down_when_the_database_does_not_answer_or_the_sweeper_is_far_behind() {
        Instant started = Instant.parse("2026-11-30T08:00:00Z");
        EngineStatus unreachable = new EngineStatus(false, "Connection refused", null, 0, Duration.ZERO,
                Duration.ofSeconds(30), null, false, -1, started, 0, 0, 0);
        EngineStatus behind = new EngineStatus(true, null, null, 0, Duration.ZERO, Duration.ofSeconds(30),
                started.plusSeconds(30), false, 0, started, 0, 0, 0);

        Health down = PlantflowActuatorConfiguration.Healths.health(unreachable, started.plusSeconds(10));
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("database", "unreachable: Connection refused");
        assertThat(behind.sweeperLag(started.plusSeconds(30 + 30 + 91))).isEqualTo(Duration.ofSeconds(91));
        assertThat(PlantflowActuatorConfiguration.Healths.health(behind, started.plusSeconds(30 + 30 + 91)).getDetails())
                .containsEntry("sweeper", "every PT30S, lag PT1M31S");
        assertThat(List.of(PlantflowActuatorConfiguration.Healths.health(behind, started.plusSeconds(30 + 30 + 91)).getStatus()))
                .containsExactly(Status.DOWN);
    }
}
