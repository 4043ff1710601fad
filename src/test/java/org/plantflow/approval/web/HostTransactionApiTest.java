package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A host that runs every request in its own transaction (a servlet filter around the chain, as a host's
 * {@code @Transactional} boundary would): a pass through the REST API joins it, so when the host rolls its transaction
 * back after the API answered, the pass is gone with it; when it commits, the pass stays. On PostgreSQL.
 */
class HostTransactionApiTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostWithATransactionPerRequest {
        @Bean
        OncePerRequestFilter transactionPerRequest(PlatformTransactionManager tm) {
            return new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
                    new TransactionTemplate(tm).executeWithoutResult(status -> {
                        try {
                            chain.doFilter(request, response);
                        } catch (IOException | ServletException e) {
                            throw new IllegalStateException(e);
                        }
                        if ("true".equals(request.getHeader("X-Host-Rollback"))) {
                            status.setRollbackOnly(); // the host decides after the API answered
                        }
                    });
                }
            };
        }
    }

    @Test
    void a_pass_through_the_api_is_undone_when_the_hosts_transaction_rolls_back() throws Exception {
        try (ConfigurableApplicationContext ctx = WebHosts.start(HostWithATransactionPerRequest.class, "host_tx_api_",
                "plantflow.api.dev-identity=true")) {
            DataSource ds = ctx.getBean(DataSource.class);
            DemoSchema.migrate(ds);
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("insert into demo_contract values ('HTX-1', 1, 'coal', 5000, 600, 3000000, 5500, 0.8, 12)");
            }
            ApprovalEngine engine = ctx.getBean(ApprovalEngine.class);
            InstanceView i = engine.start("fuel-purchase-contract", "HTX-1", "zhang.clerk", Map.of());
            long task = i.openTasks().get(0).id();
            String base = "http://localhost:" + WebHosts.port(ctx) + "/plantflow/api";
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> rolledBack = http.send(pass(base, task).header("X-Host-Rollback", "true").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
            assertThat(openTasks(ds, i.id())).as("the host rolled back: the draft is still open").containsExactly("draft");
            assertThat(historyRows(ds, i.id())).as("and no PASS row was kept").isEqualTo(1);

            HttpResponse<String> committed = http.send(pass(base, task).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
            assertThat(openTasks(ds, i.id())).containsExactly("fuel_manager_review");
        }
    }

    private static HttpRequest.Builder pass(String base, long task) {
        return HttpRequest.newBuilder(URI.create(base + "/tasks/" + task + "/pass"))
                .header("X-Plantflow-User", "zhang.clerk").header("X-Plantflow-Roles", "fuel_clerk")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"ok\"}"));
    }

    private static List<String> openTasks(DataSource ds, long instance) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select node_id from pf_task where status = 'OPEN' and instance_id = " + instance + " order by id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long historyRows(DataSource ds, long instance) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from pf_history where instance_id = " + instance)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
