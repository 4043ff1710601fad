package org.plantflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ImpactScope;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.RuleImpact;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.internal.persistence.MyBatisSetup;
import org.plantflow.approval.internal.persistence.MyBatisStore;
import org.plantflow.approval.internal.replay.Replay;
import org.plantflow.approval.internal.replay.ReplayReport;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateRegistry;

/**
 * Mode {@code impact} (issue 11): rule impact throughput over about {@code --impact=100000} recorded decisions, and
 * {@code Replay.recent} over the last 500 recorded rows. The history is made fast: one fuel contract (12.8 M CNY) runs
 * through the engine to the general-manager gate, then its recorded history rows are copied by SQL until the template
 * has enough decisions. Candidate rules: the shipped rules with the general-manager limit raised to 50 M, so the
 * copies of the gate decision all change.
 */
final class ImpactBench {
    private static final String KEY = "fuel-purchase-contract";

    private ImpactBench() {
    }

    static void run(BenchMain.Config cfg, EmbeddedPg pg, Report r) throws Exception {
        String schema = "bench_impact";
        pg.createSchema(schema);
        try (HikariDataSource ds = pg.pool(schema, 4, true)) {
            DemoSchema.migrate(ds);
            try (Connection c = ds.getConnection()) {
                Db.exec(c, "insert into demo_contract values ('IMPACT-1', 2, 'coal', 20000, 640, 12800000, 5500, 0.8, 12)");
            }
            Path candidate = raisedLimit();
            try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).databaseId("postgresql")
                    .sweepInterval(java.time.Duration.ZERO).build()) {
                engine.deployBuiltInTemplates();
                long instance = toTheGate(engine).id();
                long perInstance = engine.impact(candidate, KEY, ImpactScope.all()).evaluated();
                long copies = Math.max(0, (cfg.impactDecisions + perInstance - 1) / perInstance - 1);
                long t0 = System.nanoTime();
                try (Connection c = ds.getConnection()) {
                    Db.exec(c, "insert into pf_history (instance_id, task_id, action, actor, comment_text, from_node, to_node, "
                            + "rules_fired, decision, decision_record, rules_activation_id, created_at) "
                            + "select instance_id, task_id, action, actor, comment_text, from_node, to_node, rules_fired, decision, "
                            + "decision_record, rules_activation_id, created_at from pf_history, generate_series(1, " + copies + ") "
                            + "where instance_id = " + instance + " and decision_record is not null order by id",
                            "analyze pf_history");
                }
                long rows = Db.count(ds, "select count(*) from pf_history where decision_record is not null");
                Compare.log("impact: " + rows + " recorded rows (" + perInstance + " decisions per copy, " + copies
                        + " copies made in " + Report.f1((System.nanoTime() - t0) / 1e9) + " s)");
                long tc = System.nanoTime();
                CompiledRules compiled = CompiledRules.compile(ResourceFolder.directory(candidate));
                double compileS = (System.nanoTime() - tc) / 1e9;
                r.blank();
                r.line("### Rule impact and replay (issue 11)");
                r.blank();
                r.line("- history: " + rows + " recorded pf_history rows of " + KEY + " (one contract run to the general-manager "
                        + "gate, its rows copied by SQL); candidate: the shipped rules with the general-manager limit at 50 M; "
                        + "compiling the candidate folder: " + Report.f1(compileS) + " s");
                r.line("");
                r.line("| run | decisions | changed | time (s, with compile) | decisions/s (without compile) |");
                r.line("|---|---|---|---|---|");
                for (int run = 1; run <= 2; run++) {
                    long t = System.nanoTime();
                    RuleImpact impact = engine.impact(candidate, KEY, ImpactScope.all());
                    double s = (System.nanoTime() - t) / 1e9;
                    r.line("| impact " + run + " | " + impact.evaluated() + " | " + impact.changed() + " | " + Report.f1(s) + " | "
                            + Report.f0(impact.evaluated() / Math.max(0.001, s - compileS)) + " |");
                    Compare.log("impact run " + run + ": " + impact.evaluated() + " decisions in " + Report.f1(s) + " s");
                }
                SqlSessionFactory sessions = MyBatisSetup.build(ds, new JdbcTransactionFactory(), "postgresql", null);
                r.line("");
                for (int limit : new int[] {100, 500}) {
                    List<Double> times = new ArrayList<>();
                    int replayed = 0;
                    for (int i = 0; i < 7; i++) {
                        try (SqlSession session = sessions.openSession(true)) {
                            long t = System.nanoTime();
                            ReplayReport rep = Replay.recent(new MyBatisStore(session), new TemplateRegistry(), compiled, List.of(KEY), limit);
                            times.add((System.nanoTime() - t) / 1e6);
                            replayed = rep.replayed() + rep.notReplayable();
                        }
                    }
                    List<Double> timed = new ArrayList<>(times.subList(2, times.size())); // the first two warm up
                    Collections.sort(timed);
                    r.line("- `Replay.recent(.., limit " + limit + ")`: the last " + limit + " recorded rows = " + replayed
                            + " decisions, median " + Report.f0(timed.get(timed.size() / 2)) + " ms (of 5 runs after 2 warm-up runs; "
                            + "all runs: " + times.stream().map(Report::f0).toList() + " ms), template cache cold each run");
                }
            }
            activation(ds, r);
        }
    }

    /**
     * {@code reloadRules()} of the shipped rules (a copy whose fuel-purchase-contract file changed by a comment, so the
     * activation replays that template's recent decisions) with replay limits 0, 100 and 500 recorded rows: compile,
     * reference check, the scenario rows, the replay, and the activation's rows written.
     */
    private static void activation(HikariDataSource ds, Report r) throws Exception {
        Path rules = Files.createTempDirectory("plantflow-bench-activation");
        for (ResourceFolder.Entry e : ResourceFolder.builtIn("rules").list("")) {
            Path p = rules.resolve(e.relativePath());
            Files.createDirectories(p.getParent());
            Files.write(p, e.content());
        }
        Path routing = rules.resolve("fuel-purchase-contract/routing.drl");
        r.line("");
        r.line("| activation (`reloadRules()`, shipped rules, fuel-purchase-contract changed) | recorded rows replayed | decisions replayed | median ms (5 runs after 1) |");
        r.line("|---|---|---|---|");
        for (int limit : new int[] {0, 100, 500}) {
            try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).databaseId("postgresql").rulesDirectory(rules)
                    .replayLimit(limit).sweepInterval(java.time.Duration.ZERO).build()) {
                List<Double> times = new ArrayList<>();
                int replayed = 0;
                for (int i = 0; i < 6; i++) {
                    Files.writeString(routing, Files.readString(routing) + "\n// bench edit " + limit + "-" + i + "\n");
                    long t = System.nanoTime();
                    replayed = engine.reloadRules().replayed();
                    times.add((System.nanoTime() - t) / 1e6);
                }
                List<Double> timed = new ArrayList<>(times.subList(1, times.size()));
                Collections.sort(timed);
                r.line("| replay limit " + limit + " | " + limit + " | " + replayed + " | " + Report.f0(timed.get(timed.size() / 2))
                        + " (all: " + times.stream().map(Report::f0).toList() + ") |");
                Compare.log("activation, replay limit " + limit + ": " + timed.get(timed.size() / 2) + " ms");
            }
        }
    }

    private static InstanceView toTheGate(ApprovalEngine engine) {
        InstanceView i = engine.start(KEY, "IMPACT-1", "zhang.clerk", Map.of());
        i = engine.pass(task(i, "draft", null), Actor.of("zhang.clerk", "fuel_clerk"), null);
        i = engine.pass(task(i, "fuel_manager_review", null), Actor.of("wang.manager", "fuel_manager"), null);
        i = engine.pass(task(i, "finance_review", null), Actor.of("zhao.finance", "finance"), null);
        i = engine.pass(task(i, "legal_review", null), Actor.of("qin.legal", "legal"), null);
        i = engine.pass(task(i, "leadership_countersign", "li.leader"), Actor.of("li.leader"), null);
        return engine.pass(task(i, "leadership_countersign", "wu.leader"), Actor.of("wu.leader"), null);
    }

    private static long task(InstanceView i, String node, String user) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node) && (user == null || t.candidates().contains("user:" + user)))
                .findFirst().orElseThrow().id();
    }

    private static Path raisedLimit() throws Exception {
        Path dir = Files.createTempDirectory("plantflow-bench-impact");
        for (ResourceFolder.Entry e : ResourceFolder.builtIn("rules").list(".drl")) {
            Path p = dir.resolve(e.relativePath());
            Files.createDirectories(p.getParent());
            String text = new String(e.content(), java.nio.charset.StandardCharsets.UTF_8);
            Files.writeString(p, text.replace("function double generalManagerAbove() { return 5000000; }",
                    "function double generalManagerAbove() { return 50000000; }"));
        }
        return dir;
    }
}
