package com.example.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The host starts twice on a real PostgreSQL with Spring Boot's own Flyway (its V1 creates the plant's tables) and
 * plantflow's migration side by side, under the versions Spring Boot's dependency management picks; a coal stocktake
 * runs through the auto-configured engine.
 */
class PlantMisApplicationTest {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void database() throws IOException {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        pg.close();
    }

    private ConfigurableApplicationContext start() {
        SpringApplication app = new SpringApplication(PlantMisApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run("--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"));
    }

    @Test
    void the_host_starts_twice_and_approves_a_stocktake() throws Exception {
        System.out.println("[boot-host] versions picked by Spring Boot: flyway " + Flyway.class.getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", "")
                + ", jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION
                + ", spring " + org.springframework.core.SpringVersion.getVersion());
        for (int run = 1; run <= 2; run++) {
            try (ConfigurableApplicationContext ctx = start()) {
                ApprovalEngine engine = ctx.getBean(ApprovalEngine.class);
                assertThat(engine.activeRules().scenarioRows()).isPositive();
                assertThat(ctx.getBean("plantflowHealthIndicator", HealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.UP);
                if (run == 2) {
                    try (Connection c = pg.getPostgresDatabase().getConnection()) {
                        c.createStatement().execute("insert into demo_stocktake values ('STK-BOOT-1', 'east yard', '2026-11', 120000.00, 118800.00)");
                    }
                    InstanceView i = engine.start("coal-yard-inventory-adjustment", "STK-BOOT-1", "tang.yard", Map.of());
                    assertThat(i.openTasks()).isNotEmpty();
                }
            }
        }
        List<String> tables = new java.util.ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select table_name from information_schema.tables "
                     + "where table_schema = 'public' order by 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("flyway_schema_history", "pf_schema_history", "pf_template", "demo_stocktake");
    }
}
