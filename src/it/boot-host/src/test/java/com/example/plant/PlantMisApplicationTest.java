package com.example.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The host starts twice on a real PostgreSQL with Spring Boot's own Flyway (its V1 creates the plant's tables) and
 * plantflow's migration side by side, under the versions Spring Boot's dependency management picks; a coal stocktake
 * runs through the auto-configured engine; then, over HTTP on a random port, the REST API (the caller is the user the
 * host's Spring Security signed in, with its roles), the health of plantflow and its metrics, and the sweeper running.
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
        return app.run("--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"), "--server.port=0");
    }

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    /** GET as the host's signed-in manager (HTTP basic, the user of application.properties), or as nobody. */
    private static HttpResponse<String> get(ConfigurableApplicationContext ctx, String path, boolean signedIn) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:"
                + ctx.getEnvironment().getProperty("local.server.port") + path));
        if (signedIn) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("wang.manager:change-me".getBytes()));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The API, health and metrics over HTTP, with the caller taken from the host's Spring Security sign-in. */
    private static void overHttp(ConfigurableApplicationContext ctx, ApprovalEngine engine) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("insert into demo_contract values ('FPC-BOOT-1', 1, 'coal', 5000, 600, 3000000, 5500, 0.8, 12)");
        }
        InstanceView contract = engine.start("fuel-purchase-contract", "FPC-BOOT-1", "zhang.clerk", Map.of());
        engine.pass(contract.openTasks().get(0).id(), Actor.of("zhang.clerk", "fuel_clerk"), "draft complete");

        assertThat(get(ctx, "/plantflow/api/tasks", false).statusCode()).as("nobody signed in").isEqualTo(401);
        HttpResponse<String> pending = get(ctx, "/plantflow/api/tasks?businessKey=FPC-BOOT-1", true);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(200);
        JsonNode items = json.readTree(pending.body()).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("nodeId").asText()).as("offered to role fuel_manager, from ROLE_fuel_manager")
                .isEqualTo("fuel_manager_review");
        long review = items.get(0).get("id").asLong();
        engine.pass(review, Actor.of("wang.manager", "fuel_manager"), "ok");

        JsonNode health = json.readTree(get(ctx, "/actuator/health", true).body());
        assertThat(health.at("/components/plantflow/status").asText()).as(health.toString()).isEqualTo("UP");
        JsonNode passes = json.readTree(get(ctx, "/actuator/metrics/plantflow.passes", true).body());
        assertThat(passes.at("/measurements/0/value").asDouble()).as(passes.toString()).isGreaterThanOrEqualTo(2.0);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anySatisfy(n -> assertThat(n).startsWith("plantflow-sweeper-"));
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
                    overHttp(ctx, engine);
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
