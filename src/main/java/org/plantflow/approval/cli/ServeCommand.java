package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.internal.persistence.OwnPool;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code serve}: the REST API and the approver pages on the embedded database with the shipped templates and
 * the demo's data, development identity on (the caller names themselves in the {@code X-Plantflow-User} and
 * {@code X-Plantflow-Roles} headers). A Spring Boot application of the library's own auto-configuration, nothing else.
 */
@Command(name = "serve", description = "Start the REST API and the approver pages on the embedded database (or --jdbc-url) with the shipped "
        + "templates and the demo's data, development identity on; prints the URL; Ctrl-C stops it.")
final class ServeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--port", description = "HTTP port (default 8080; 0: any free port)")
    int port = 8080;

    /** The host application serve runs: the library's auto-configuration over the command's own pool. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServeApplication {
        static DataSource dataSource;

        @Bean
        DataSource plantflowServeDataSource() {
            return dataSource;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (OwnPool pool = OwnPool.open(common.jdbcUrl, common.dbUser, common.dbPassword)) {
            CountDownLatch closed = new CountDownLatch(1);
            ConfigurableApplicationContext ctx = start(pool.dataSource(), port, common, out);
            ctx.addApplicationListener(e -> {
                if (e instanceof ContextClosedEvent) {
                    closed.countDown();
                }
            });
            ctx.registerShutdownHook();
            closed.await();
        }
        return 0;
    }

    /** Loads the demo's data when the database has none, then starts the server; returns the running application. */
    static ConfigurableApplicationContext start(DataSource ds, int port, CommonOptions common, PrintWriter out) throws Exception {
        DemoSchema.migrate(ds);
        if (!hasInstances(ds)) {
            List<String> demo = new ArrayList<>(List.of("demo"));
            if (common.jdbcUrl != null) {
                demo.addAll(List.of("--jdbc-url", common.jdbcUrl));
                if (common.dbUser != null) {
                    demo.addAll(List.of("--db-user", common.dbUser));
                }
                if (common.dbPassword != null) {
                    demo.addAll(List.of("--db-password", common.dbPassword));
                }
            }
            StringWriter err = new StringWriter();
            int exit = PlantflowCli.run(demo.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
            if (exit != 0) {
                throw new IllegalStateException("loading the demo's data failed: " + err.toString().strip());
            }
            out.println("demo data loaded (one story per shipped template)");
        }
        ServeApplication.dataSource = ds;
        System.clearProperty("logback.configurationFile"); // Spring Boot configures the logging of the server itself
        List<String> props = new ArrayList<>(List.of(
                "server.port=" + port,
                "spring.main.banner-mode=off",
                "spring.flyway.enabled=false",   // the engine migrates its own tables; serve has no host migrations
                "logging.level.root=WARN",
                "logging.level.org.plantflow=INFO",
                "plantflow.api.dev-identity=true",
                "plantflow.deploy-templates=classpath*:plantflow/approval-templates/*.bpmn"));
        if (common.rules != null) {
            props.add("plantflow.rules-dir=" + common.rules.toAbsolutePath());
        }
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ServeApplication.class)
                .web(WebApplicationType.SERVLET).properties(props.toArray(String[]::new)).run();
        int actual = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        String base = ctx.getEnvironment().getProperty("plantflow.api.base-path", "/plantflow/api");
        String pages = ctx.getEnvironment().getProperty("plantflow.pages.path", "/plantflow");
        out.println("plantflow pages on http://localhost:" + actual + pages
                + "/?user=wang.manager&roles=fuel_manager (development identity: change the user and roles in the header)");
        out.println("plantflow API on http://localhost:" + actual + base + " (OpenAPI: " + base + "/openapi.json)");
        out.println("development identity: send X-Plantflow-User and X-Plantflow-Roles, e.g. "
                + "curl -H 'X-Plantflow-User: wang.manager' -H 'X-Plantflow-Roles: fuel_manager' http://localhost:" + actual
                + base + "/tasks");
        out.flush();
        return ctx;
    }

    private static boolean hasInstances(DataSource ds) {
        try (Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from pf_instance")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (java.sql.SQLException e) {
            return false; // no engine schema yet: the demo creates it
        }
    }
}
