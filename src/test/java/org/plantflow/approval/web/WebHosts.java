package org.plantflow.approval.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A Spring Boot servlet host on a random port over a fresh PostgreSQL schema, as in {@code SpringBootHostTest}. */
public final class WebHosts {
    private WebHosts() {
    }

    public static String newSchema(String prefix) throws Exception {
        String schema = prefix + System.nanoTime();
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return schema;
    }

    public static ConfigurableApplicationContext start(Class<?> app, String schemaPrefix, String... more) throws Exception {
        String schema = newSchema(schemaPrefix);
        String url = TestPostgres.jdbcUrl() + (TestPostgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        List<String> props = new ArrayList<>(List.of(
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + TestPostgres.user(),
                "spring.datasource.password=" + TestPostgres.password(),
                "spring.flyway.schemas=" + schema,
                "spring.flyway.locations=classpath:host-migrations/none",
                "server.port=0",
                "plantflow.sweep-interval=PT0S",
                "plantflow.deploy-templates=classpath*:plantflow/approval-templates/*.bpmn"));
        props.addAll(List.of(more));
        return new SpringApplicationBuilder(app).web(WebApplicationType.SERVLET)
                .properties(props.toArray(String[]::new)).run();
    }

    public static int port(ConfigurableApplicationContext ctx) {
        return ((ServletWebServerApplicationContext) ctx).getWebServer().getPort();
    }
}
