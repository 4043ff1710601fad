package org.plantflow.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark program. {@code java -jar bench/target/bench.jar all} runs the four parts and prints the tables:
 * <ol>
 *   <li>plantflow against Flowable 7 on the reference process, 1 and 4 threads, same PostgreSQL;</li>
 *   <li>plantflow's pass loop against the floor (the minimal SQL of a pass by plain JDBC): the efficiency ratio;</li>
 *   <li>pass latency and the pending-tasks query with 10k, 100k and 1M finished instances in the history;</li>
 *   <li>one routing decision with JMH (rules from the rules folder).</li>
 * </ol>
 * Modes: {@code all}, {@code smoke} (everything tiny, for CI, and a tiny {@code passes}), {@code compare} (parts 1,
 * 2 and the SQL count), {@code scale}, {@code decisions}, {@code impact} (rule impact over {@code --impact=100000}
 * recorded decisions and {@code Replay.recent} over 500 rows, see {@link ImpactBench}), {@code passes} (plantflow's pass loop alone with the bytes a
 * pass writes, see {@link PassCost}; {@code bench/records.sh} compares two library versions with it), {@code http} (the
 * REST API: pass over HTTP against the Java API, the pending list with 100,000 open tasks, see {@link HttpBench}). Options:
 * {@code --n=2000 --threads=1,4 --scale=10000,100000,1000000 --rounds=1 --pass-loop=1000 --warmup=250
 * --rules=rules --templates=approval-templates --label=plantflow --serve --http-n=1000 --http-open=100000 --http-many=10000 --out=bench/target/bench-results.md}.
 */
public final class BenchMain {

    static final class Config {
        String mode = "all";
        /** {@code impact}: about this many recorded decisions to evaluate. */
        long impactDecisions = 100_000;
        int n = 2000;
        int[] threads = {1, 4};
        int warmup = -1;
        int rounds = 1;
        int passLoopN = -1;
        long[] scale = {10_000, 100_000, 1_000_000};
        int scaleProbeInstances = 300;
        int pendingProbes = 2000;
        int sqlCountInstances = 20;
        boolean jmhShort;
        boolean pgStats;
        String rules = "rules";
        String templates = "approval-templates";
        /** Names the library version in the {@code passes} mode's RESULT lines. */
        String label = "plantflow";
        /** {@code passes}: after the warm-up, run one timed loop per command read from stdin (see PassCost). */
        boolean serve;
        Path out = Path.of("bench/target/bench-results.md");
        /** {@code http}: instances per path in the pass comparison, open tasks in the database, tasks of the many-tasks user. */
        int httpN = 1000;
        long httpOpen = 100_000;
        long httpMany = 10_000;

        int httpWarmup() {
            return warmup >= 0 ? warmup : Math.max(httpN / 5, 10);
        }

        int warmup() {
            return warmup >= 0 ? warmup : Math.max(n / 8, 10);
        }

        int passLoopN() {
            return passLoopN >= 0 ? passLoopN : Math.max(n / 2, 10);
        }

        int maxThreads() {
            return Arrays.stream(threads).max().orElse(1);
        }
    }

    public static void main(String[] args) throws Exception {
        Config cfg = parse(args);
        Report r = new Report();
        long t0 = System.nanoTime();
        r.line("## plantflow benchmark: " + cfg.mode + " (" + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ")");
        r.blank();
        r.line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Report.mb(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize())
                + " RAM; JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + Report.mb(Runtime.getRuntime().maxMemory()));
        r.line("- options: N=" + cfg.n + ", threads=" + Arrays.toString(cfg.threads) + ", warm-up=" + cfg.warmup()
                + " instances per engine, rounds=" + cfg.rounds + ", pass loop=" + cfg.passLoopN() + " instances, scale="
                + Arrays.toString(cfg.scale) + (cfg.mode.equals("http") || cfg.mode.equals("smoke") ? ", http: " + cfg.httpN
                + " instances per path, " + cfg.httpOpen + " open tasks, " + cfg.httpMany + " offered to one user" : ""));
        boolean needsDb = !cfg.mode.equals("decisions");
        if (cfg.pgStats || cfg.mode.equals("profile")) {
            EmbeddedPg.enableStatementStats();
        }
        EmbeddedPg pg = needsDb ? EmbeddedPg.start() : null;
        try {
            if (pg != null) {
                r.line("- database: " + pg.describe() + ", settings " + EmbeddedPg.SETTINGS);
            }
            switch (cfg.mode) {
                case "all", "smoke" -> {
                    new Compare(cfg, pg, r).run();
                    new Scale(cfg, pg, r).run();
                    Decisions.run(cfg, r);
                    if (cfg.mode.equals("smoke")) {
                        new PassCost(cfg, pg, r).run();
                        new HttpBench(cfg, pg, r).run();
                    }
                }
                case "passes" -> new PassCost(cfg, pg, r).run();
                case "impact" -> ImpactBench.run(cfg, pg, r);
                case "http" -> new HttpBench(cfg, pg, r).run();
                case "compare" -> new Compare(cfg, pg, r).run();
                case "scale" -> new Scale(cfg, pg, r).run();
                case "decisions" -> Decisions.run(cfg, r);
                case "profile" -> profile(cfg, pg, r);
                case "pipeline-probe" -> pipelineProbe(cfg, pg, r);
                default -> throw new IllegalArgumentException("unknown mode " + cfg.mode + "; use all, smoke, compare, scale, decisions, passes, impact or http");
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        r.blank();
        r.line("(total run time " + Report.f0((System.nanoTime() - t0) / 1e9) + " s)");
        r.write(cfg.out);
        System.out.println("results written to " + cfg.out.toAbsolutePath());
        System.exit(0); // Flowable/Drools leave non-daemon threads behind
    }

    /**
     * plantflow alone, for a profiler (JFR: BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=pf.jfr,settings=profile"):
     * warm-up, then the pass loop of part 2 with the first thread count, then the driven run of part 1.
     */
    static void profile(Config cfg, EmbeddedPg pg, Report r) throws Exception {
        try (PlantflowDriver pf = new PlantflowDriver(pg, "bench_profile", cfg.maxThreads() + 2)) {
            Drive.run(pf, cfg.warmup(), cfg.maxThreads(), "warm-", null);
            Compare.log("profile: pass loop, " + cfg.threads[0] + " thread(s), " + cfg.passLoopN() + " instances");
            try (java.sql.Connection c = pg.admin()) {
                Db.exec(c, "create extension if not exists pg_stat_statements", "select pg_stat_statements_reset()");
            }
            Drive.Passes p = Drive.passLoop(pf, cfg.passLoopN(), cfg.threads[0], "loop-");
            r.line("pass loop: " + Report.f0(p.perSecond()) + " passes/s, p50 " + Report.ms(p.latency(), 50) + " ms, CPU per pass: JVM "
                    + Report.f0(p.clientCpuMicrosPerPass()) + " µs, PostgreSQL " + Report.f0(p.serverCpuMicrosPerPass()) + " µs");
            statementStats(pg, r, p.passes());
            Compare.log("profile: driven run, " + cfg.threads[0] + " thread(s), " + cfg.n + " instances");
            try (java.sql.Connection c = pg.admin()) {
                Db.exec(c, "select pg_stat_statements_reset()");
            }
            explainPendingGeneric(pg, "bench_profile");
            Drive.Run d = Drive.run(pf, cfg.n, cfg.threads[0], "run-", null);
            r.line("driven: " + Report.f0(d.completionsPerSecond()) + " completions/s, p50 " + Report.ms(d.complete(), 50) + " ms");
            r.line("per task completion of the driven run (pass, the user's pending-list query, a sixth of a start):");
            statementStats(pg, r, (long) cfg.n * 6);
            explainPendingGeneric(pg, "bench_profile");
            try (java.sql.Connection c = pg.admin()) {
                Db.exec(c, "set search_path = bench_profile, public", "analyze", "select pg_stat_statements_reset()");
            }
            for (int i = 0; i < 2000; i++) {
                pf.engine().pendingTasks(i % 2 == 0 ? "chen.finance" : "li.leader", i % 2 == 0 ? List.of("finance") : List.of());
            }
            r.line("2000 pending-list queries after the run and ANALYZE, per query:");
            statementStats(pg, r, 2000);
        }
    }

    /** The floor's four statements one round trip each vs all four in one round trip (pgjdbc multi-statement). */
    static void pipelineProbe(Config cfg, EmbeddedPg pg, Report r) throws Exception {
        try (PlantflowDriver pf = new PlantflowDriver(pg, "bench_probe_pf", cfg.maxThreads() + 2);
             Floor floor = new Floor(pg, "bench_probe_floor", "bench_probe_pf", cfg.maxThreads() + 2)) {
            floor.run(200, cfg.maxThreads(), "warm-a-", false);
            floor.run(200, cfg.maxThreads(), "warm-b-", true);
            for (int t : cfg.threads) {
                for (int round = 0; round < 2; round++) {
                    for (boolean pipelined : new boolean[] {false, true}) {
                        Drive.Passes p = floor.run(cfg.passLoopN(), t, "p" + round + t + pipelined + "-", pipelined);
                        r.line("floor " + (pipelined ? "pipelined" : "sequential") + ", " + t + " thread(s): "
                                + Report.f0(p.perSecond()) + " passes/s, p50 " + Report.ms(p.latency(), 50) + " ms, CPU per pass JVM "
                                + Report.f0(p.clientCpuMicrosPerPass()) + " µs, PostgreSQL " + Report.f0(p.serverCpuMicrosPerPass()) + " µs");
                    }
                }
            }
        }
    }

    /** The generic plan of the pending-list query (the one a server-prepared statement keeps), to the log. */
    static void explainPendingGeneric(EmbeddedPg pg, String schema) throws java.sql.SQLException {
        try (java.sql.Connection c = pg.admin(); java.sql.Statement s = c.createStatement()) {
            Db.exec(c, "set search_path = " + schema, "set plan_cache_mode = force_generic_plan",
                    "prepare pending(text, text) as select t.*, i.template_key, i.business_key, c.task_id as c_task_id, c.kind as c_kind,"
                    + " c.candidate as c_candidate from pf_task t join pf_instance i on i.id = t.instance_id"
                    + " left join pf_task_candidate c on c.task_id = t.id where t.status = 'OPEN' and t.id in"
                    + " (select u.task_id from pf_task_candidate u where u.candidate = $1 and u.kind = 'U'"
                    + " union all select r.task_id from pf_task_candidate r where r.candidate in ($2) and r.kind = 'R')"
                    + " order by t.created_at, t.id, c.kind, c.candidate");
            StringBuilder plan = new StringBuilder();
            try (java.sql.ResultSet rs = s.executeQuery("explain (analyze, buffers) execute pending('chen.finance', 'finance')")) {
                while (rs.next()) {
                    plan.append("\n    ").append(rs.getString(1));
                }
            }
            Compare.log("pending-list generic plan:" + plan);
        }
    }

    /** Server time per pass by statement (pg_stat_statements: execution + planning), largest first. */
    static void statementStats(EmbeddedPg pg, Report r, long passes) throws java.sql.SQLException {
        List<List<String>> rows = new ArrayList<>();
        double total = 0;
        try (java.sql.Connection c = pg.admin(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select query, calls, total_exec_time, total_plan_time, plans, rows"
                     + " from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time + total_plan_time desc")) {
            while (rs.next()) {
                double ms = rs.getDouble(3) + rs.getDouble(4);
                total += ms;
                if (rows.size() < 25) {
                    rows.add(List.of(Report.f2(rs.getLong(2) / (double) passes), Report.f1(1000 * ms / passes),
                            Report.f1(1000 * rs.getDouble(3) / Math.max(1, rs.getLong(2))), Report.f1(1000 * rs.getDouble(4) / Math.max(1, rs.getLong(5))),
                            Long.toString(rs.getLong(5)), "`" + SqlCounter.normalize(rs.getString(1)).replace("|", "\\|") + "`"));
                }
            }
        }
        r.line("server time per pass (pg_stat_statements, execution + planning): " + Report.f0(1000 * total / passes) + " µs");
        r.table(List.of("calls/pass", "µs/pass", "exec µs/call", "plan µs/plan", "plans", "statement"), rows);
    }

    static Config parse(String[] args) {
        Config c = new Config();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
            c.mode = rest.remove(0);
        }
        if (c.mode.equals("smoke")) {
            c.n = 20;
            c.warmup = 10;
            c.passLoopN = 20;
            c.scale = new long[] {100, 1_000};
            c.scaleProbeInstances = 10;
            c.pendingProbes = 100;
            c.sqlCountInstances = 5;
            c.jmhShort = true;
            c.httpN = 20;
            c.httpOpen = 2_000;
            c.httpMany = 200;
        }
        for (String a : rest) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "n" -> c.n = Integer.parseInt(v);
                case "threads" -> c.threads = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "warmup" -> c.warmup = Integer.parseInt(v);
                case "rounds" -> c.rounds = Integer.parseInt(v);
                case "pass-loop" -> c.passLoopN = Integer.parseInt(v);
                case "scale" -> c.scale = Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray();
                case "scale-probe" -> c.scaleProbeInstances = Integer.parseInt(v);
                case "pending-probes" -> c.pendingProbes = Integer.parseInt(v);
                case "jmh-short" -> c.jmhShort = true;
                case "pg-stats" -> c.pgStats = true;
                case "rules" -> c.rules = v;
                case "templates" -> c.templates = v;
                case "label" -> c.label = v;
                case "serve" -> c.serve = true;
                case "out" -> c.out = Path.of(v);
                case "impact" -> c.impactDecisions = Long.parseLong(v);
                case "http-n" -> c.httpN = Integer.parseInt(v);
                case "http-open" -> c.httpOpen = Long.parseLong(v);
                case "http-many" -> c.httpMany = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return c;
    }

    /** Heap in use after a full GC. */
    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static Map<String, Long> map(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }
}
