package org.plantflow.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parts 1 and 2: plantflow against Flowable 7, plantflow's pass loop against the floor, and the SQL count. */
final class Compare {
    private final BenchMain.Config cfg;
    private final EmbeddedPg pg;
    private final Report r;

    Compare(BenchMain.Config cfg, EmbeddedPg pg, Report r) {
        this.cfg = cfg;
        this.pg = pg;
        this.r = r;
    }

    void run() throws Exception {
        int pool = cfg.maxThreads() + 2;
        long h0 = BenchMain.heapAfterGc();
        try (PlantflowDriver pf = new PlantflowDriver(pg, "bench_pf", pool)) {
            log("plantflow engine built; warm-up " + cfg.warmup() + " instances");
            Drive.run(pf, cfg.warmup(), cfg.maxThreads(), "warm-", null);
            long h1 = BenchMain.heapAfterGc();
            try (FlowableDriver fl = new FlowableDriver(pg, "bench_flw", pool);
                 Floor floor = new Floor(pg, "bench_floor", "bench_pf", pool)) {
                log("Flowable engine built (history level " + fl.historyLevel + ", id generator " + fl.idGenerator
                        + "); warm-up " + cfg.warmup() + " instances");
                Drive.run(fl, cfg.warmup(), cfg.maxThreads(), "warm-", null);
                long h2 = BenchMain.heapAfterGc();
                floor.run(Math.max(cfg.warmup() / 2, 10), cfg.maxThreads(), "warm-");
                floor.run(Math.max(cfg.warmup() / 2, 10), cfg.maxThreads(), "pwarm-", true);
                Drive.passLoop(pf, Math.max(cfg.warmup() / 2, 10), cfg.maxThreads(), "warm-loop-");
                steadyState();

                List<Drive.Run> runs = new ArrayList<>();
                for (int t : cfg.threads) {
                    for (int round = 0; round < cfg.rounds; round++) {
                        List<Driver> order = (round + runs.size() / 2) % 2 == 0 ? List.of(pf, fl) : List.of(fl, pf);
                        for (Driver d : order) {
                            log("part 1: " + d.name() + ", " + t + " thread(s), " + cfg.n + " instances");
                            Drive.Run run = Drive.run(d, cfg.n, t, "r" + round + "-t" + t + "-", null);
                            log(String.format("  %.0f instances/s, %.0f completions/s", run.instancesPerSecond(), run.completionsPerSecond()));
                            runs.add(run);
                        }
                    }
                }
                long h3 = BenchMain.heapAfterGc();

                steadyState();
                List<Drive.Passes> loops = new ArrayList<>();
                for (int t : cfg.threads) {
                    for (int round = 0; round < cfg.rounds; round++) {
                        log("part 2: plantflow pass loop and floor, " + t + " thread(s), " + cfg.passLoopN() + " instances");
                        Drive.Passes a = Drive.passLoop(pf, cfg.passLoopN(), t, "loop-r" + round + "-t" + t + "-");
                        Drive.Passes b = floor.run(cfg.passLoopN(), t, "floor-r" + round + "-t" + t + "-");
                        Drive.Passes c = floor.run(cfg.passLoopN(), t, "pfloor-r" + round + "-t" + t + "-", true);
                        log(String.format("  plantflow %.0f passes/s, floor %.0f passes/s, pipelined floor %.0f passes/s",
                                a.perSecond(), b.perSecond(), c.perSecond()));
                        loops.add(a);
                        loops.add(b);
                        loops.add(c);
                    }
                }

                log("SQL count: " + cfg.sqlCountInstances + " instances per engine, 1 thread");
                SqlCounter.reset();
                Drive.run(pf, cfg.sqlCountInstances, 1, "sql-", "plantflow");
                Drive.run(fl, cfg.sqlCountInstances, 1, "sql-", "flowable");

                part1(runs, h0, h1, h2, h3);
                part2(loops);
                sqlCount(cfg.sqlCountInstances);
            }
        }
    }

    /**
     * VACUUM ANALYZE every schema after the warm-ups and between parts 1 and 2, as autovacuum would have done on a
     * running system: the tables were created empty moments ago, and a server-prepared statement keeps the generic
     * plan made while they were tiny (measured: plantflow's pending list 500-600 µs per query on such a plan, 4 µs
     * after ANALYZE); and an autovacuum run in the middle of a timed part lands in its server CPU (measured: up to
     * +40 % PostgreSQL CPU per pass between two otherwise equal runs). Both engines and the floor alike.
     */
    private void steadyState() throws java.sql.SQLException {
        try (java.sql.Connection c = pg.admin()) {
            Db.exec(c, "vacuum analyze");
        }
        log("VACUUM ANALYZE");
    }

    private void part1(List<Drive.Run> runs, long h0, long h1, long h2, long h3) {
        r.heading("1. Reference process: plantflow vs Flowable 7 (N = " + cfg.n + " instances per run, 6 task completions each)");
        List<List<String>> rows = new ArrayList<>();
        Map<String, Drive.Run> best = new LinkedHashMap<>();
        for (int t : cfg.threads) {
            for (String engine : List.of("plantflow", "Flowable 7")) {
                Drive.Run run = median(runs.stream().filter(x -> x.threads() == t && x.engine().equals(engine)).toList());
                best.put(engine + "/" + t, run);
                rows.add(List.of(engine, Integer.toString(t), Report.f1(run.instancesPerSecond()), Report.f0(run.completionsPerSecond()),
                        Report.ms(run.complete(), 50), Report.ms(run.complete(), 99), Report.ms(run.query(), 50),
                        Report.ms(run.query(), 99), Report.ms(run.start(), 50)));
            }
        }
        r.table(List.of("engine", "threads", "instances/s", "task completions/s", "completion p50 ms", "completion p99 ms",
                "my-tasks query p50 ms", "query p99 ms", "start p50 ms"), rows);
        r.blank();
        List<List<String>> ratios = new ArrayList<>();
        for (int t : cfg.threads) {
            Drive.Run p = best.get("plantflow/" + t);
            Drive.Run f = best.get("Flowable 7/" + t);
            ratios.add(List.of(Integer.toString(t), Report.f2(p.completionsPerSecond() / f.completionsPerSecond()) + "x",
                    Report.f2(p.instancesPerSecond() / f.instancesPerSecond()) + "x",
                    Report.f2((double) f.complete().getValueAtPercentile(50) / p.complete().getValueAtPercentile(50)) + "x"));
        }
        r.table(List.of("threads", "plantflow / Flowable task completions/s", "instances/s", "completion p50 (Flowable / plantflow)"), ratios);
        r.blank();
        Drive.Run p1 = best.get("plantflow/" + cfg.threads[0]);
        Drive.Run f1 = best.get("Flowable 7/" + cfg.threads[0]);
        r.table(List.of("engine", "history rows written per instance", "history tables", "all rows kept per finished instance"), List.of(
                List.of("plantflow", Report.f1(Db.sum(p1.historyDelta()) / (double) p1.instances()), perInstance(p1.historyDelta(), p1.instances()),
                        Report.f1(Db.sum(p1.allDelta()) / (double) p1.instances()) + " (" + perInstance(p1.allDelta(), p1.instances()) + ")"),
                List.of("Flowable 7", Report.f1(Db.sum(f1.historyDelta()) / (double) f1.instances()), perInstance(f1.historyDelta(), f1.instances()),
                        Report.f1(Db.sum(f1.allDelta()) / (double) f1.instances()) + " (ACT_HI_* + ACT_RU_* + ACT_GE_*)")));
        r.blank();
        r.table(List.of("heap after GC (MemoryMXBean, System.gc())", "MB"), List.of(
                List.of("JVM with the embedded PostgreSQL client side only, before any engine", Report.mb(h0)),
                List.of("+ plantflow engine built, template deployed, warmed up", "+" + Report.mb(h1 - h0)),
                List.of("+ Flowable engine built, process deployed, warmed up", "+" + Report.mb(h2 - h1)),
                List.of("both engines after all part-1 runs", Report.mb(h3))));
    }

    private static String perInstance(Map<String, Long> delta, int n) {
        return delta.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().toLowerCase() + " " + Report.f1(e.getValue() / (double) n)).collect(Collectors.joining(", "));
    }

    private void part2(List<Drive.Passes> loops) {
        r.heading("2. The floor: plantflow passes in a loop vs the minimal SQL of a pass by plain JDBC (" + cfg.passLoopN()
                + " instances x 6 passes per run)");
        List<List<String>> rows = new ArrayList<>();
        for (int t : cfg.threads) {
            Drive.Passes p = medianLoop(loops.stream().filter(x -> x.threads() == t && x.what().startsWith("plantflow")).toList());
            Drive.Passes f = medianLoop(loops.stream().filter(x -> x.threads() == t && x.what().startsWith("floor")).toList());
            Drive.Passes q = medianLoop(loops.stream().filter(x -> x.threads() == t && x.what().startsWith("pipelined floor")).toList());
            rows.add(List.of(Integer.toString(t), Report.f0(p.perSecond()), Report.ms(p.latency(), 50), Report.ms(p.latency(), 99),
                    Report.f0(p.clientCpuMicrosPerPass()) + " / " + Report.f0(p.serverCpuMicrosPerPass()),
                    Report.f0(f.perSecond()), Report.ms(f.latency(), 50), Report.ms(f.latency(), 99),
                    Report.f0(f.clientCpuMicrosPerPass()) + " / " + Report.f0(f.serverCpuMicrosPerPass()),
                    Report.f0(100 * p.perSecond() / f.perSecond()) + " %",
                    Report.f0(q.perSecond()) + " (" + Report.f0(q.clientCpuMicrosPerPass()) + " / " + Report.f0(q.serverCpuMicrosPerPass()) + ")",
                    Report.f0(100 * p.perSecond() / q.perSecond()) + " %"));
        }
        r.table(List.of("threads", "plantflow passes/s", "pass p50 ms", "pass p99 ms", "CPU µs/pass JVM / PostgreSQL", "floor passes/s",
                "floor p50 ms", "floor p99 ms", "floor CPU µs/pass JVM / PostgreSQL", "efficiency (plantflow / floor)",
                "pipelined floor passes/s (CPU JVM / PostgreSQL)", "plantflow / pipelined floor"), rows);
        r.blank();
        r.line("Pipelined floor: the same four statements sent as one multi-statement PreparedStatement (one round trip), as plantflow "
                + "sends its writes on PostgreSQL; a stricter floor than the one the issue defines, shown for honesty.");
        r.line("Floor pass = update task (version-checked) + insert history + insert next task (generated key) + bump instance "
                + "version + commit: 4 statements, 1 commit, on copies of pf_instance/pf_task/pf_history (same columns and indexes). "
                + "CPU per pass: JVM = CPU time of the worker threads (engine, MyBatis, Drools, JDBC driver); PostgreSQL = CPU "
                + "time of the server processes (/proc) during the run, divided by the passes.");
    }

    private void sqlCount(int n) {
        r.heading("SQL statements per operation (JDBC executions counted through a proxy DataSource; " + n
                + " instances, 1 thread)");
        Map<String, Map<String, Long>> snap = SqlCounter.snapshot();
        int completions = n * Driver.STEPS.size();
        List<List<String>> rows = new ArrayList<>();
        for (String op : List.of("start", "pending", "pass")) {
            int ops = op.equals("start") ? n : completions;
            rows.add(List.of(op.equals("pass") ? "pass / complete" : op.equals("pending") ? "my-tasks query" : "start",
                    Report.f1(SqlCounter.total("plantflow:" + op) / (double) ops), Report.f1(SqlCounter.commits("plantflow:" + op) / (double) ops),
                    Report.f1(SqlCounter.total("flowable:" + op) / (double) ops), Report.f1(SqlCounter.commits("flowable:" + op) / (double) ops)));
        }
        r.table(List.of("operation", "plantflow statements", "plantflow commits", "Flowable statements", "Flowable commits"), rows);
        r.blank();
        r.line("plantflow statements per pass (average over the " + completions + " passes; the 6 passes of an instance differ; on "
                + "PostgreSQL a JDBC execution may carry several statements in one round trip, listed by its first):");
        r.blank();
        Map<String, Long> pass = snap.getOrDefault("plantflow:pass", Map.of());
        List<List<String>> st = new ArrayList<>();
        pass.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> st.add(List.of(Report.f2(e.getValue() / (double) completions), "`" + e.getKey().replace("|", "\\|") + "`")));
        r.table(List.of("per pass", "statement"), st);
        r.blank();
        r.line("Flowable statements per task completion:");
        r.blank();
        List<List<String>> fst = new ArrayList<>();
        snap.getOrDefault("flowable:pass", Map.of()).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> fst.add(List.of(Report.f2(e.getValue() / (double) completions), "`" + e.getKey().replace("|", "\\|") + "`")));
        r.table(List.of("per completion", "statement"), fst);
    }

    private static Drive.Run median(List<Drive.Run> runs) {
        List<Drive.Run> s = runs.stream().sorted(Comparator.comparingDouble(Drive.Run::completionsPerSecond)).toList();
        return s.get(s.size() / 2);
    }

    private static Drive.Passes medianLoop(List<Drive.Passes> runs) {
        List<Drive.Passes> s = runs.stream().sorted(Comparator.comparingDouble(Drive.Passes::perSecond)).toList();
        return s.get(s.size() / 2);
    }

    static void log(String s) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
    }
}
