package org.plantflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Mode {@code passes}: plantflow's pass loop alone (part 2's loop, no Flowable, no floor) and what a pass writes:
 * passes/s at each thread count, CPU and heap allocated per pass, and the bytes written per pass: WAL (the insert
 * position before and after the timed loop, {@code pg_wal_lsn_diff}), the growth of pf_history (table, TOAST and
 * indexes: {@code pg_total_relation_size}) and, when the library stores decision records, their size per history row.
 * <p>
 * Before each timed loop (untimed): the instances are started, then {@code VACUUM ANALYZE} and {@code CHECKPOINT}, so
 * every loop starts from the same state (no autovacuum or timed checkpoint left over from the previous part; the
 * loop's WAL includes the full-page images of the pages it touches first, as after any checkpoint).
 * <p>
 * Works with library versions before and after decision records (it looks for {@code pf_history.decision_record}):
 * {@code bench/records.sh} runs it with jars built against two versions and summarises the lines starting with
 * {@code RESULT} through {@link #main} ({@code java -cp bench.jar org.plantflow.bench.PassCost summary ...}).
 */
final class PassCost {
    static final String SCHEMA = "bench_passes";

    private final BenchMain.Config cfg;
    private final EmbeddedPg pg;
    private final Report r;

    PassCost(BenchMain.Config cfg, EmbeddedPg pg, Report r) {
        this.cfg = cfg;
        this.pg = pg;
        this.r = r;
    }

    /** What one timed pass loop wrote (totals; per pass in the report). */
    record Written(long walBytes, long historyBytes, long historyTableBytes, long historyRows, long recordRows,
                   long recordTextBytes, long recordStoredBytes) {
    }

    void run() throws Exception {
        try (PlantflowDriver pf = new PlantflowDriver(pg, SCHEMA, cfg.maxThreads() + 2)) {
            boolean records = hasDecisionRecords();
            Compare.log("passes: plantflow engine built (decision records: " + (records ? "yes" : "no") + "); warm-up "
                    + cfg.warmup() + " instances x 6 passes, " + cfg.maxThreads() + " thread(s)");
            Drive.passLoop(pf, cfg.warmup(), cfg.maxThreads(), "warm-");
            if (cfg.serve) {
                serve(pf, records);
                return;
            }
            r.heading("plantflow pass loop and the bytes a pass writes (" + cfg.label + ", decision records: "
                    + (records ? "yes" : "no") + "; " + cfg.passLoopN() + " instances x 6 passes per run)");
            List<List<String>> rows = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int round = 0; round < cfg.rounds; round++) {
                for (int t : cfg.threads) {
                    Loop l = loop(pf, records, t, round + 1);
                    rows.add(l.row());
                    lines.add(l.result());
                }
            }
            r.table(HEADER, rows);
            r.blank();
            r.line(NOTE);
            r.blank();
            lines.forEach(r::line);
        }
    }

    static final List<String> HEADER = List.of("threads", "passes/s", "pass p50 ms", "pass p99 ms", "CPU µs/pass JVM / PostgreSQL",
            "heap KB/pass", "WAL B/pass", "pf_history B/pass", "history rows/pass", "decision_record B/row (text / stored)");
    static final String NOTE = "WAL: pg_wal_lsn_diff of pg_current_wal_insert_lsn() around the timed loop (after VACUUM ANALYZE and "
            + "CHECKPOINT); pf_history: growth of pg_total_relation_size (heap, TOAST, indexes); decision_record: octet_length (text) "
            + "and pg_column_size (stored, after TOAST compression) of the rows the loop wrote; heap: bytes allocated by the worker threads.";

    /** One timed loop: its table row and its RESULT line. */
    record Loop(List<String> row, String result) {
    }

    private Loop loop(PlantflowDriver pf, boolean records, int t, int round) throws Exception {
        Compare.log("passes: " + t + " thread(s), " + cfg.passLoopN() + " instances, round " + round);
        Measure m = new Measure(records);
        Drive.Passes p = Drive.passLoop(pf, cfg.passLoopN(), t, "loop-r" + round + "-t" + t + "-" + System.nanoTime() + "-", m);
        Written w = m.written();
        double n = p.passes();
        Compare.log(String.format(Locale.ROOT, "  %.0f passes/s, WAL %.0f B/pass, pf_history %.0f B/pass",
                p.perSecond(), w.walBytes() / n, w.historyBytes() / n));
        List<String> row = List.of(Integer.toString(t), Report.f0(p.perSecond()), Report.ms(p.latency(), 50), Report.ms(p.latency(), 99),
                Report.f0(p.clientCpuMicrosPerPass()) + " / " + Report.f0(p.serverCpuMicrosPerPass()),
                Report.f0(p.allocatedBytesPerPass() / 1024), Report.f0(w.walBytes() / n), Report.f0(w.historyBytes() / n),
                Report.f2(w.historyRows() / n),
                records ? Report.f0(w.recordTextBytes() / (double) Math.max(1, w.recordRows())) + " / "
                        + Report.f0(w.recordStoredBytes() / (double) Math.max(1, w.recordRows())) : "n/a");
        String result = String.format(Locale.ROOT, "RESULT label=%s records=%s threads=%d round=%d passes=%d seconds=%.4f"
                        + " passes_per_s=%.2f p50_ms=%s p99_ms=%s jvm_cpu_us=%.1f pg_cpu_us=%.1f alloc_bytes=%.0f wal_bytes=%d"
                        + " history_bytes=%d history_table_bytes=%d history_rows=%d record_rows=%d record_text_bytes=%d"
                        + " record_stored_bytes=%d",
                cfg.label, records ? "yes" : "no", t, round, p.passes(), p.seconds(), p.perSecond(),
                Report.ms(p.latency(), 50), Report.ms(p.latency(), 99), p.clientCpuMicrosPerPass(), p.serverCpuMicrosPerPass(),
                p.allocatedBytesPerPass(), w.walBytes(), w.historyBytes(), w.historyTableBytes(), w.historyRows(),
                w.recordRows(), w.recordTextBytes(), w.recordStoredBytes());
        return new Loop(row, result);
    }

    /**
     * {@code --serve}: after the warm-up, prints {@code READY} and runs one timed loop per line read from stdin
     * ({@code run THREADS ROUND}), printing its table row and RESULT line; {@code quit} or the end of stdin stops.
     * bench/records.sh keeps one such JVM per library version and alternates loops between them, seconds apart.
     */
    private void serve(PlantflowDriver pf, boolean records) throws Exception {
        r.heading("plantflow pass loop and the bytes a pass writes (" + cfg.label + ", decision records: "
                + (records ? "yes" : "no") + "; " + cfg.passLoopN() + " instances x 6 passes per run, served)");
        System.out.println("READY");
        System.out.flush();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("quit")) {
                break;
            }
            if (!w[0].equals("run") || w.length != 3) {
                System.out.println("ERROR unknown command: " + line);
                System.out.flush();
                continue;
            }
            Loop l = loop(pf, records, Integer.parseInt(w[1]), Integer.parseInt(w[2]));
            r.line("| " + String.join(" | ", l.row()) + " |");
            r.line(l.result());
        }
    }

    private boolean hasDecisionRecords() throws SQLException {
        try (Connection c = pg.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from information_schema.columns where table_schema = '" + SCHEMA
                     + "' and table_name = 'pf_history' and column_name = 'decision_record'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** The readings around one timed loop. */
    private static boolean sampled;

    private final class Measure implements Drive.Probe {
        private final boolean records;
        private Map<String, Long> before;
        private Written written;

        Measure(boolean records) {
            this.records = records;
        }

        @Override
        public void before() throws SQLException {
            try (Connection c = pg.admin()) {
                Db.exec(c, "vacuum analyze", "checkpoint");
                before = read(c, -1);
            }
        }

        @Override
        public void after() throws SQLException {
            try (Connection c = pg.admin()) {
                Map<String, Long> a = read(c, before.get("max_id"));
                written = new Written(a.get("wal") - before.get("wal"), a.get("total") - before.get("total"),
                        a.get("table") - before.get("table"), a.get("rows"), a.get("record_rows"), a.get("record_text"),
                        a.get("record_stored"));
                if (records && !sampled) {
                    sampled = true;
                    logSamples(c, before.get("max_id"));
                }
            }
        }

        /** To the log: the decision records of one instance's passes, as stored (what a pass writes). */
        private void logSamples(Connection c, long sinceId) throws SQLException {
            String h = SCHEMA + ".pf_history";
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select action, from_node, octet_length(decision_record), pg_column_size(decision_record),"
                         + " decision_record from " + h + " where instance_id = (select min(instance_id) from " + h + " where id > "
                         + sinceId + ") and id > " + sinceId + " order by id")) {
                StringBuilder b = new StringBuilder("passes: the history rows of one instance's passes, with their decision records:");
                while (rs.next()) {
                    b.append("\n  ").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(": ").append(rs.getLong(3))
                            .append(" bytes (stored ").append(rs.getLong(4)).append("): ").append(rs.getString(5));
                }
                Compare.log(b.toString());
            }
        }

        Written written() {
            return written;
        }

        /** WAL position (exact: bytes since LSN 0/0), pf_history's sizes; with {@code sinceId} >= 0 the rows written after it. */
        private Map<String, Long> read(Connection c, long sinceId) throws SQLException {
            Map<String, Long> m = new LinkedHashMap<>();
            String h = SCHEMA + ".pf_history";
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint, pg_total_relation_size('"
                         + h + "'), pg_table_size('" + h + "'), (select coalesce(max(id), 0) from " + h + ")")) {
                rs.next();
                m.put("wal", rs.getLong(1));
                m.put("total", rs.getLong(2));
                m.put("table", rs.getLong(3));
                m.put("max_id", rs.getLong(4));
            }
            if (sinceId >= 0) {
                String rec = records ? "count(decision_record), coalesce(sum(octet_length(decision_record)), 0), "
                        + "coalesce(sum(pg_column_size(decision_record)), 0)" : "0, 0, 0";
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select count(*), " + rec + " from " + h + " where id > " + sinceId)) {
                    rs.next();
                    m.put("rows", rs.getLong(1));
                    m.put("record_rows", rs.getLong(2));
                    m.put("record_text", rs.getLong(3));
                    m.put("record_stored", rs.getLong(4));
                }
            }
            return m;
        }
    }

    // ---- the summary of bench/records.sh ----

    /**
     * {@code summary FILE BEFORE_LABEL AFTER_LABEL [TITLE...]}: the RESULT lines of several runs (FILE) as one markdown
     * table, medians per label and thread count, the ratio after/before. Prints to stdout.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || !args[0].equals("summary")) {
            System.err.println("usage: PassCost summary RESULTS_FILE BEFORE_LABEL AFTER_LABEL");
            System.exit(2);
        }
        List<Map<String, String>> all = new ArrayList<>();
        String pair = "1";
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.startsWith("# round ")) { // records.sh: "# round N NAME LABEL load ..." before each run's lines
                pair = line.split("\\s+")[2];
                continue;
            }
            int i = line.indexOf("RESULT ");
            if (i < 0) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String p : line.substring(i + 7).trim().split("\\s+")) {
                String[] x = p.split("=", 2);
                kv.put(x[0], x.length > 1 ? x[1] : "");
            }
            kv.put("pair", pair + "." + kv.get("round"));
            all.add(kv);
        }
        System.out.print(summary(all, args[2], args[3]));
    }

    static String summary(List<Map<String, String>> all, String before, String after) {
        List<Integer> threads = all.stream().map(m -> Integer.parseInt(m.get("threads"))).distinct().sorted().toList();
        StringBuilder out = new StringBuilder();
        out.append("| per pass (median of the runs; each run in brackets) | before (").append(before).append(") | after (")
                .append(after).append(") | after / before |\n|---|---|---|---|\n");
        List<String> verdict = new ArrayList<>();
        for (int t : threads) {
            Cell b = cell(all, before, t, m -> d(m, "passes_per_s"));
            Cell a = cell(all, after, t, m -> d(m, "passes_per_s"));
            double ratio = a.median / b.median;
            List<Double> paired = paired(all, before, after, t);
            double pairedMedian = median(paired);
            verdict.add(t + " thread" + (t == 1 ? "" : "s") + ": " + pct(ratio) + " (median of the rounds' own ratios "
                    + pct(pairedMedian) + ")");
            row(out, "**passes/s, " + t + " thread" + (t == 1 ? "" : "s") + "**", b.withRuns(0), a.withRuns(0),
                    "**" + String.format(Locale.ROOT, "%.3f", ratio) + "** (" + pct(ratio) + ")");
            row(out, "each round's after / before, " + t + " thread" + (t == 1 ? "" : "s") + " (the two runs of a round are adjacent)",
                    "", "", String.format(Locale.ROOT, "%.3f", pairedMedian) + " (" + paired.stream()
                            .map(x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining(", ")) + ")");
        }
        for (int t : threads) {
            Cell b = cell(all, before, t, m -> d(m, "p50_ms"));
            Cell a = cell(all, after, t, m -> d(m, "p50_ms"));
            row(out, "pass p50 ms, " + t + " thread" + (t == 1 ? "" : "s"), String.format(Locale.ROOT, "%.2f", b.median),
                    String.format(Locale.ROOT, "%.2f", a.median), String.format(Locale.ROOT, "%.2f", a.median / b.median));
        }
        for (int t : threads) {
            ratioRow(out, "CPU µs/pass JVM + PostgreSQL, " + t + " thread" + (t == 1 ? "" : "s"),
                    cell(all, before, t, m -> d(m, "jvm_cpu_us") + d(m, "pg_cpu_us")), cell(all, after, t, m -> d(m, "jvm_cpu_us") + d(m, "pg_cpu_us")));
            ratioRow(out, "CPU µs/pass JVM, " + t + " thread" + (t == 1 ? "" : "s"), cell(all, before, t, m -> d(m, "jvm_cpu_us")),
                    cell(all, after, t, m -> d(m, "jvm_cpu_us")));
            ratioRow(out, "CPU µs/pass PostgreSQL, " + t + " thread" + (t == 1 ? "" : "s"), cell(all, before, t, m -> d(m, "pg_cpu_us")),
                    cell(all, after, t, m -> d(m, "pg_cpu_us")));
        }
        ratioRow(out, "heap allocated KB/pass (worker threads, 1 thread)", cell(all, before, threads.get(0), m -> d(m, "alloc_bytes") / 1024),
                cell(all, after, threads.get(0), m -> d(m, "alloc_bytes") / 1024));
        for (int t : threads) {
            ratioRow(out, "**WAL bytes/pass**, " + t + " thread" + (t == 1 ? "" : "s"), cell(all, before, t, m -> perPass(m, "wal_bytes")),
                    cell(all, after, t, m -> perPass(m, "wal_bytes")));
        }
        for (int t : threads) {
            ratioRow(out, "**pf_history bytes/pass** (heap + TOAST + indexes), " + t + " thread" + (t == 1 ? "" : "s"),
                    cell(all, before, t, m -> perPass(m, "history_bytes")), cell(all, after, t, m -> perPass(m, "history_bytes")));
        }
        Cell hb = cell(all, before, threads.get(0), m -> perPass(m, "history_rows"));
        Cell ha = cell(all, after, threads.get(0), m -> perPass(m, "history_rows"));
        row(out, "pf_history rows/pass", String.format(Locale.ROOT, "%.2f", hb.median), String.format(Locale.ROOT, "%.2f", ha.median), "");
        Cell rb = cell(all, before, threads.get(0), m -> perRow(m, "record_text_bytes"));
        Cell ra = cell(all, after, threads.get(0), m -> perRow(m, "record_text_bytes"));
        Cell sa = cell(all, after, threads.get(0), m -> perRow(m, "record_stored_bytes"));
        Cell na = cell(all, after, threads.get(0), m -> d(m, "record_rows") / Math.max(1, d(m, "history_rows")));
        row(out, "**decision_record bytes/row** (JSON text / stored after TOAST compression)",
                Double.isNaN(rb.median) ? "n/a" : Report.f0(rb.median),
                Double.isNaN(ra.median) ? "n/a" : Report.f0(ra.median) + " / " + Report.f0(sa.median)
                        + " (" + Report.f0(100 * na.median) + " % of the rows have one)", "");
        out.append('\n').append("Throughput after/before: ").append(String.join(", ", verdict)).append('.').append('\n');
        return out.toString();
    }

    private record Cell(double median, List<Double> runs) {
        String withRuns(int decimals) {
            String f = "%,." + decimals + "f";
            return "**" + String.format(Locale.ROOT, f, median) + "** (" + runs.stream().map(v -> String.format(Locale.ROOT, f, v))
                    .collect(Collectors.joining(", ")) + ")";
        }
    }

    /** after/before of the runs that share a round (records.sh runs a round's two jars one after the other). */
    private static List<Double> paired(List<Map<String, String>> all, String before, String after, int threads) {
        List<Double> out = new ArrayList<>();
        for (Map<String, String> a : all) {
            if (!a.get("label").equals(after) || Integer.parseInt(a.get("threads")) != threads) {
                continue;
            }
            all.stream().filter(b -> b.get("label").equals(before) && Integer.parseInt(b.get("threads")) == threads
                            && b.get("pair").equals(a.get("pair")))
                    .findFirst().ifPresent(b -> out.add(d(a, "passes_per_s") / d(b, "passes_per_s")));
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted(Comparator.naturalOrder()).toList();
        return sorted.isEmpty() ? Double.NaN : sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    private static Cell cell(List<Map<String, String>> all, String label, int threads, ToDoubleFunction<Map<String, String>> f) {
        List<Double> runs = all.stream().filter(m -> m.get("label").equals(label) && Integer.parseInt(m.get("threads")) == threads)
                .map(f::applyAsDouble).toList();
        return new Cell(median(runs), runs);
    }

    private static void ratioRow(StringBuilder out, String what, Cell b, Cell a) {
        row(out, what, Report.f0(b.median), Report.f0(a.median), String.format(Locale.ROOT, "%.2f", a.median / b.median));
    }

    private static void row(StringBuilder out, String what, String b, String a, String ratio) {
        out.append("| ").append(what).append(" | ").append(b).append(" | ").append(a).append(" | ").append(ratio).append(" |\n");
    }

    private static double d(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null || v.isEmpty() || v.equals("NaN") ? Double.NaN : Double.parseDouble(v);
    }

    private static double perPass(Map<String, String> m, String k) {
        return d(m, k) / d(m, "passes");
    }

    private static double perRow(Map<String, String> m, String k) {
        double rows = d(m, "record_rows");
        return rows > 0 ? d(m, k) / rows : Double.NaN;
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%+.1f %%", 100 * (ratio - 1));
    }
}
