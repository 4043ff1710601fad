package org.plantflow.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.HdrHistogram.Histogram;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The REST API (issue 12): a Spring Boot servlet host of nothing but the library's auto-configuration
 * ({@code plantflow.api.dev-identity=true}, the DataSource a pool on the embedded PostgreSQL) on a random port, and in
 * the same JVM the engine bean it made.
 * <ol>
 *   <li>Pass: {@code --http-n} instances of the reference process driven to the end through
 *       {@code POST /plantflow/api/tasks/{id}/pass} (java.net.http, one keep-alive connection) and as many through
 *       {@code ApprovalEngine.pass}, in alternating rounds of {@value #ROUND} instances (which path goes first
 *       alternates too), so both see the same database and machine load. Each path starts its round's instances
 *       (untimed) and passes each one's open task, the next task taken from the view the pass returns. The Java path
 *       also times, apart from its passes, the caller's pending list: the check the controller makes before a pass.</li>
 *   <li>Pending list: {@code --http-open} open tasks in the database ({@link OpenTasks}); {@code GET /plantflow/api/tasks}
 *       (first page, 20 items) of a user holding a page-worth of them and of a user offered {@code --http-many} of
 *       them through a role, against {@code ApprovalEngine.pendingTasks} for the same users, alternating request by
 *       request, {@code --pending-probes} each after a warm-up (the many-tasks user: at most 60 s); the paged query a fix
 *       would run, by JDBC on the same data; and passes by both users over HTTP and Java (the controller loads the
 *       caller's whole pending list before a pass).</li>
 * </ol>
 */
final class HttpBench {
    static final int ROUND = 10;
    private static final String SCHEMA = "bench_http";
    private static final long MANY_SECONDS = 60;

    private final BenchMain.Config cfg;
    private final EmbeddedPg pg;
    private final Report r;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private ApprovalEngine engine;
    private String base;

    HttpBench(BenchMain.Config cfg, EmbeddedPg pg, Report r) {
        this.cfg = cfg;
        this.pg = pg;
        this.r = r;
    }

    /** The host application: Spring Boot's and the library's auto-configuration over the bench's pool, nothing else. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Host {
        static DataSource dataSource;

        @Bean
        DataSource benchDataSource() {
            return dataSource;
        }
    }

    void run() throws Exception {
        pg.createSchema(SCHEMA);
        try (HikariDataSource pool = pg.pool(SCHEMA, 8, true)) {
            Host.dataSource = pool;
            long t0 = System.nanoTime();
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(Host.class).web(WebApplicationType.SERVLET)
                    .properties("server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                            "spring.flyway.enabled=false", // the engine migrates its own tables; this host has no migrations
                            "logging.level.org.drools=ERROR", "plantflow.api.dev-identity=true",
                            "plantflow.sweep-interval=PT0S", "plantflow.deploy-templates=classpath*:bench/plantflow/*.bpmn",
                            "plantflow.rules-dir=" + PlantflowDriver.rulesFolder().toAbsolutePath())
                    .run();
            try {
                double startSeconds = (System.nanoTime() - t0) / 1e9;
                engine = ctx.getBean(ApprovalEngine.class);
                int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
                base = "http://localhost:" + port + ctx.getEnvironment().getProperty("plantflow.api.base-path", "/plantflow/api");
                Compare.log("REST API: host started in " + Report.f1(startSeconds) + " s on " + base);
                r.heading("REST API (issue 12): a Spring Boot servlet host of the library's auto-configuration, same JVM, same database");
                r.line("- host started in " + Report.f1(startSeconds) + " s (Spring Boot, Tomcat, engine bean, template deployed)");
                passes();
                pending(pool);
            } finally {
                ctx.close();
            }
        }
    }

    // ---- pass: HTTP against Java ----

    private record Path(String name, Histogram pass, Histogram check, long[] count) {
        Path(String name) {
            this(name, Drive.histogram(), Drive.histogram(), new long[1]);
        }
    }

    private void passes() throws Exception {
        int n = cfg.httpN;
        int warm = Math.max(ROUND, cfg.httpWarmup());
        Compare.log("REST API: pass, warm-up " + warm + " instances per path");
        Path wj = new Path("java");
        Path wh = new Path("http");
        rounds(warm, "warm", wj, wh);
        Path java = new Path("Java API (ApprovalEngine.pass)");
        Path http = new Path("HTTP (POST /tasks/{id}/pass)");
        Compare.log("REST API: pass, " + n + " instances per path in rounds of " + ROUND);
        rounds(n, "run", java, http);
        r.blank();
        r.line("Pass: " + n + " instances of the reference process per path (6 passes each), alternating rounds of " + ROUND
                + " instances, 1 thread, after " + warm + " instances per path of warm-up.");
        r.blank();
        List<List<String>> rows = new ArrayList<>();
        for (Path p : List.of(java, http)) {
            double seconds = p.pass().getMean() * p.pass().getTotalCount() / 1e6;
            rows.add(List.of(p.name(), Report.f0(p.count()[0]), Report.f0(p.count()[0] / seconds), Report.ms(p.pass(), 50),
                    Report.ms(p.pass(), 99), Report.f2(p.pass().getMean() / 1000)));
        }
        r.table(List.of("path", "passes", "passes/s", "p50 ms", "p99 ms", "mean ms"), rows);
        r.blank();
        r.line("Ratio HTTP / Java: time per pass (mean) " + Report.f2(http.pass().getMean() / java.pass().getMean()) + "x (passes/s "
                + Report.f2(java.pass().getMean() / http.pass().getMean()) + "x), p50 "
                + Report.f2((double) http.pass().getValueAtPercentile(50) / java.pass().getValueAtPercentile(50)) + "x, p99 "
                + Report.f2((double) http.pass().getValueAtPercentile(99) / java.pass().getValueAtPercentile(99)) + "x.");
        double extra = http.pass().getMean() - java.pass().getMean();
        r.line("Where the extra " + Report.f2(extra / 1000) + " ms per HTTP pass goes (means): the controller's check that the task is"
                + " offered to the caller (their whole pending list, ApprovalEngine.pendingTasks, timed on the Java path apart from"
                + " its passes) " + Report.f2(java.check().getMean() / 1000) + " ms; the rest, Tomcat, Spring MVC, JSON both ways and"
                + " the client, " + Report.f2((extra - java.check().getMean()) / 1000) + " ms.");
    }

    /** {@code n} instances per path in rounds; the path that goes first alternates. */
    private void rounds(int n, String prefix, Path java, Path http) throws Exception {
        for (int round = 0, done = 0; done < n; round++) {
            int k = Math.min(ROUND, n - done);
            for (int side = 0; side < 2; side++) {
                boolean viaHttp = (round + side) % 2 == 1;
                List<InstanceView> started = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    started.add(engine.start(PlantflowDriver.KEY, prefix + (viaHttp ? "-h-" : "-j-") + (done + i), "zhang.clerk",
                            Map.of("amount", Driver.AMOUNT, "supplier", "Shenhua")));
                }
                for (InstanceView v : started) {
                    if (viaHttp) {
                        driveHttp(v, http);
                    } else {
                        driveJava(v, java);
                    }
                }
            }
            done += k;
        }
    }

    private void driveJava(InstanceView v, Path p) {
        while (v.status() == InstanceStatus.RUNNING) {
            TaskView t = v.openTasks().get(0);
            Driver.Step s = Drive.stepFor(t);
            long c0 = System.nanoTime();
            engine.pendingTasks(s.user(), s.roles());
            long p0 = System.nanoTime();
            p.check().recordValue((p0 - c0) / 1000);
            v = engine.pass(t.id(), Actor.of(s.user(), s.roles()), null);
            p.pass().recordValue((System.nanoTime() - p0) / 1000);
            p.count()[0]++;
        }
    }

    private void driveHttp(InstanceView start, Path p) throws Exception {
        TaskView first = start.openTasks().get(0);
        long taskId = first.id();
        Driver.Step s = Drive.stepFor(first);
        while (true) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/tasks/" + taskId + "/pass"))
                    .header("Content-Type", "application/json").header("X-Plantflow-User", s.user())
                    .header("X-Plantflow-Roles", String.join(",", s.roles()))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            long p0 = System.nanoTime();
            HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode view = res.statusCode() == 200 ? json.readTree(res.body()) : null;
            p.pass().recordValue((System.nanoTime() - p0) / 1000);
            if (view == null) {
                throw new IllegalStateException("POST /tasks/" + taskId + "/pass as " + s.user() + " answered " + res.statusCode()
                        + ": " + new String(res.body(), StandardCharsets.UTF_8));
            }
            p.count()[0]++;
            if (!"RUNNING".equals(view.path("status").asText())) {
                return;
            }
            JsonNode t = view.path("openTasks").get(0);
            taskId = t.path("id").asLong();
            List<String> candidates = new ArrayList<>();
            t.path("candidates").forEach(c -> candidates.add(c.asText()));
            s = Drive.stepFor(new TaskView(taskId, 0, null, null, t.path("nodeId").asText(), null, null, null, null, candidates));
        }
    }

    // ---- pending list with many open tasks ----

    private void pending(DataSource pool) throws Exception {
        long users = Math.max(1, cfg.httpOpen / 25);
        InstanceView model = engine.start(PlantflowDriver.KEY, "open-model", "zhang.clerk",
                Map.of("amount", Driver.AMOUNT, "supplier", "Shenhua"));
        long g0 = System.nanoTime();
        Compare.log("REST API: generating " + cfg.httpOpen + " open tasks (" + users + " users, " + cfg.httpMany
                + " also offered to role " + OpenTasks.MANY_ROLE + ")");
        try (Connection c = pg.admin()) {
            Db.exec(c, "set search_path = " + SCHEMA);
            OpenTasks.generate(c, model.id(), cfg.httpOpen, users, cfg.httpMany);
        }
        double genSeconds = (System.nanoTime() - g0) / 1e9;
        long open = Db.count(pool, "select count(*) from pf_task where status = 'OPEN'");
        Compare.log("REST API: " + open + " open tasks in " + Report.f0(genSeconds) + " s; measuring the pending list");
        String pageUser = OpenTasks.user(7, users);
        List<List<String>> rows = new ArrayList<>();
        rows.add(pendingRow(pageUser, List.of(), cfg.pendingProbes, Long.MAX_VALUE));
        rows.add(pendingRow("many.user", List.of(OpenTasks.MANY_ROLE), cfg.pendingProbes, MANY_SECONDS));
        r.blank();
        r.line("Pending list: " + Report.f0(open) + " open tasks in the database (" + Report.f0(users) + " users holding "
                + Report.f0(cfg.httpOpen / (double) users) + " each; generated in " + Report.f0(genSeconds) + " s), first page"
                + " (size 20) over HTTP against ApprovalEngine.pendingTasks, alternating request by request, 1 thread.");
        r.blank();
        r.table(List.of("caller", "tasks offered", "requests", "HTTP p50 ms", "HTTP p99 ms", "Java p50 ms", "Java p99 ms",
                "HTTP/Java p50", "HTTP response bytes"), rows);
        r.blank();
        r.line("The proposed paged query, by plain JDBC on the same pool (page ids by offset/fetch, their count, the candidate rows"
                + " of the page's 20 tasks; 3 statements, p50 of " + Math.min(200, cfg.pendingProbes) + " after 20 of warm-up): "
                + pageUser + " " + pagedQuery(pool, pageUser, List.of()) + " ms, many.user "
                + pagedQuery(pool, "many.user", List.of(OpenTasks.MANY_ROLE)) + " ms.");
        r.blank();
        r.line("A pass by the same callers (their oldest tasks, HTTP and Java alternating; the controller first loads the caller's"
                + " pending list to check the task is offered to them):");
        r.blank();
        r.table(List.of("caller", "tasks offered", "passes per path", "HTTP p50 ms", "HTTP p99 ms", "Java p50 ms", "Java p99 ms",
                "HTTP/Java p50"), List.of(passRow(pageUser, List.of(), Math.min(20, cfg.pendingProbes / 2)),
                passRow("many.user", List.of(OpenTasks.MANY_ROLE), Math.min(50, cfg.pendingProbes / 2))));
    }

    /** p50 in ms of the paged pending list a fix would run: the first page's 20 tasks, the total, their candidates. */
    private String pagedQuery(DataSource pool, String user, List<String> roles) throws Exception {
        String offered = "select u.task_id from pf_task_candidate u where u.candidate = ? and u.kind = 'U'"
                + (roles.isEmpty() ? "" : " union all select r.task_id from pf_task_candidate r where r.candidate = ? and r.kind = 'R'");
        String from = " from pf_task t join pf_instance i on i.id = t.instance_id where t.status = 'OPEN' and t.id in (" + offered + ")";
        Histogram h = Drive.histogram();
        int runs = Math.min(200, cfg.pendingProbes);
        try (Connection c = pool.getConnection();
             java.sql.PreparedStatement page = c.prepareStatement("select t.*, i.template_key, i.business_key" + from
                     + " order by t.created_at, t.id offset 0 rows fetch next 20 rows only");
             java.sql.PreparedStatement count = c.prepareStatement("select count(*)" + from);
             java.sql.PreparedStatement cands = c.prepareStatement("select task_id, kind, candidate from pf_task_candidate"
                     + " where task_id = any(?) order by task_id, kind, candidate")) {
            for (java.sql.PreparedStatement ps : List.of(page, count)) {
                ps.setString(1, user);
                if (!roles.isEmpty()) {
                    ps.setString(2, roles.get(0));
                }
            }
            for (int i = 0; i < 20 + runs; i++) {
                long t0 = System.nanoTime();
                List<Long> ids = new ArrayList<>();
                try (java.sql.ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong("id"));
                    }
                }
                long total;
                try (java.sql.ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
                cands.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                int rows = 0;
                try (java.sql.ResultSet rs = cands.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                if (i >= 20) {
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
                if (ids.size() != Math.min(20, total) || rows < ids.size()) {
                    throw new IllegalStateException("paged query of " + user + ": " + ids.size() + " ids, total " + total);
                }
            }
        }
        return Report.ms(h, 50);
    }

    /** {@code k} passes per path of the caller's oldest open tasks (copies waiting at the draft node), alternating. */
    private List<String> passRow(String user, List<String> roles, int k) throws Exception {
        List<TaskView> mine = engine.pendingTasks(user, roles);
        int offered = mine.size();
        k = Math.min(k, offered / 2);
        Histogram http = Drive.histogram();
        Histogram java = Drive.histogram();
        Actor actor = Actor.of(user, roles);
        for (int i = 0; i < k; i++) {
            long taskId = mine.get(2 * i).id();
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/tasks/" + taskId + "/pass"))
                    .header("Content-Type", "application/json").header("X-Plantflow-User", user)
                    .header("X-Plantflow-Roles", String.join(",", roles)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            long h0 = System.nanoTime();
            HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            json.readTree(res.body());
            long h1 = System.nanoTime();
            if (res.statusCode() != 200) {
                throw new IllegalStateException("POST /tasks/" + taskId + "/pass as " + user + " answered " + res.statusCode()
                        + ": " + new String(res.body(), StandardCharsets.UTF_8));
            }
            engine.pass(mine.get(2 * i + 1).id(), actor, null);
            long j1 = System.nanoTime();
            http.recordValue((h1 - h0) / 1000);
            java.recordValue((j1 - h1) / 1000);
        }
        Compare.log("REST API: passes of " + user + " (" + offered + " tasks): HTTP p50 " + Report.ms(http, 50)
                + " ms, Java p50 " + Report.ms(java, 50) + " ms over " + k + " passes each");
        return List.of(user + (roles.isEmpty() ? "" : " (role " + String.join(",", roles) + ")"), Report.f0(offered),
                Report.f0(k), Report.ms(http, 50), Report.ms(http, 99), Report.ms(java, 50), Report.ms(java, 99),
                Report.f2((double) http.getValueAtPercentile(50) / java.getValueAtPercentile(50)) + "x");
    }

    /** One HTTP request and one Java call, checked; returns their microseconds and the response's bytes. */
    private long[] pendingPair(HttpRequest req, String user, List<String> roles, int expected) throws Exception {
        long h0 = System.nanoTime();
        HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode page = json.readTree(res.body());
        long h1 = System.nanoTime();
        List<TaskView> mine = engine.pendingTasks(user, roles);
        long j1 = System.nanoTime();
        if (res.statusCode() != 200 || page.path("total").asInt() != expected || mine.size() != expected
                || page.path("items").size() != Math.min(20, expected)) {
            throw new IllegalStateException("pending list of " + user + ": HTTP " + res.statusCode() + " total "
                    + page.path("total") + ", Java " + mine.size() + ", expected " + expected);
        }
        return new long[] {(h1 - h0) / 1000, (j1 - h1) / 1000, res.body().length};
    }

    private List<String> pendingRow(String user, List<String> roles, int probes, long maxSeconds) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/tasks?page=0&size=20"))
                .header("X-Plantflow-User", user).header("X-Plantflow-Roles", String.join(",", roles)).GET().build();
        int expected = engine.pendingTasks(user, roles).size();
        int warm = maxSeconds == Long.MAX_VALUE ? Math.max(10, probes / 10) : 20;
        for (int i = 0; i < warm; i++) {
            pendingPair(req, user, roles, expected);
        }
        Histogram http = Drive.histogram();
        Histogram java = Drive.histogram();
        long bytes = 0;
        long end = maxSeconds == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + maxSeconds * 1_000_000_000L;
        int done = 0;
        while (done < probes && System.nanoTime() < end) {
            long[] t = pendingPair(req, user, roles, expected);
            http.recordValue(t[0]);
            java.recordValue(t[1]);
            bytes = t[2];
            done++;
        }
        Compare.log("REST API: pending list of " + user + " (" + expected + " tasks): HTTP p50 " + Report.ms(http, 50)
                + " ms, Java p50 " + Report.ms(java, 50) + " ms over " + done + " requests");
        return List.of(user + (roles.isEmpty() ? "" : " (role " + String.join(",", roles) + ")"), Report.f0(expected),
                Report.f0(done), Report.ms(http, 50), Report.ms(http, 99), Report.ms(java, 50), Report.ms(java, 99),
                Report.f2((double) http.getValueAtPercentile(50) / java.getValueAtPercentile(50)) + "x", Report.f0(bytes));
    }
}
