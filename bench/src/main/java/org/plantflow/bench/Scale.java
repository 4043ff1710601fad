package org.plantflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.plantflow.approval.TaskView;

/**
 * Part 3: does a pass or the pending list get slower as the history grows? A plantflow engine on its own schema;
 * one instance is driven through the engine as the model, then finished instances are added as copies of its rows
 * (pf_instance, pf_activation, pf_task, pf_history, ids shifted, foreign keys intact) with set-based
 * {@code insert ... select ... from generate_series}, up to each level; then VACUUM ANALYZE (what autovacuum would
 * have done), and at each level: pass latency over freshly driven instances, and the pending-tasks query of one
 * user (chen.finance, role finance, with {@value #PARKED} open tasks waiting for him, the newest tasks: parked after the
 * history was generated, as open tasks are in production).
 */
final class Scale {
    static final int PARKED = 20;
    private static final String SCHEMA = "bench_scale";

    private final BenchMain.Config cfg;
    private final EmbeddedPg pg;
    private final Report r;

    Scale(BenchMain.Config cfg, EmbeddedPg pg, Report r) {
        this.cfg = cfg;
        this.pg = pg;
        this.r = r;
    }

    record Level(long finished, double setupSeconds, Histogram pass, Histogram pending, long tableMb) {
    }

    void run() throws Exception {
        List<Level> levels = new ArrayList<>();
        try (PlantflowDriver pf = new PlantflowDriver(pg, SCHEMA, 4)) {
            Compare.log("part 3: model instance, warm-up");
            Drive.run(pf, 1, 1, "model-", null);
            long model = Db.count(pf.dataSource(), "select id from pf_instance where business_key = 'model-0'");
            Drive.run(pf, Math.max(cfg.scaleProbeInstances, 10), 1, "warm-", null);
            prepareModel(model);
            List<String> parked = new ArrayList<>();
            for (long level : cfg.scale) {
                long have = Db.count(pf.dataSource(), "select count(*) from pf_instance where status = 'COMPLETED'") + parked.size();
                long t0 = System.nanoTime();
                if (level > have) {
                    Compare.log("part 3: generating " + (level - have) + " finished instances (to " + level + ")");
                    generate(level - have);
                }
                // the pending list holds the newest tasks, as in production: finish the last level's parked instances,
                // park new ones after the generated history
                for (String id : parked) {
                    for (Driver.Step st : Driver.STEPS.subList(2, Driver.STEPS.size())) {
                        pf.complete(st, pf.findTask(st, id));
                    }
                }
                parked.clear();
                for (int i = 0; i < PARKED; i++) {
                    String id = pf.start("parked-" + level + "-" + i);
                    for (Driver.Step st : Driver.STEPS.subList(0, 2)) {
                        pf.complete(st, pf.findTask(st, id));
                    }
                    parked.add(id);
                }
                settle();
                double setup = (System.nanoTime() - t0) / 1e9;
                explainPending();
                Compare.log(String.format("part 3: %d finished instances (setup %.0f s); measuring", level, setup));
                Drive.Run probe = Drive.run(pf, cfg.scaleProbeInstances, 1, "probe-" + level + "-", null);
                Histogram pending = Drive.histogram();
                for (int i = 0; i < cfg.pendingProbes; i++) {
                    long q0 = System.nanoTime();
                    List<TaskView> mine = pf.engine().pendingTasks("chen.finance", List.of("finance"));
                    pending.recordValue((System.nanoTime() - q0) / 1000);
                    if (mine.size() != PARKED) {
                        throw new IllegalStateException("chen.finance has " + mine.size() + " pending tasks, expected " + PARKED);
                    }
                }
                long mb = Db.count(pf.dataSource(), "select (pg_total_relation_size('pf_instance') + pg_total_relation_size('pf_activation')"
                        + " + pg_total_relation_size('pf_task') + pg_total_relation_size('pf_history')) / 1048576");
                levels.add(new Level(level, setup, probe.complete(), pending, mb));
            }
        }
        report(levels);
    }

    private void report(List<Level> levels) {
        r.heading("3. Scale: pass latency and one user's pending list with finished instances in the history ("
                + cfg.scaleProbeInstances + " instances driven per level, " + cfg.pendingProbes + " pending-list queries, 1 thread)");
        List<List<String>> rows = new ArrayList<>();
        for (Level l : levels) {
            rows.add(List.of(Report.f0(l.finished()), Report.f0(l.tableMb()) + " MB", Report.f0(l.setupSeconds()) + " s",
                    Report.ms(l.pass(), 50), Report.ms(l.pass(), 99), Report.ms(l.pending(), 50), Report.ms(l.pending(), 99)));
        }
        r.table(List.of("finished instances", "engine tables + indexes", "generation time", "pass p50 ms", "pass p99 ms",
                "pending list p50 ms", "pending list p99 ms"), rows);
        if (levels.size() > 1) {
            Level a = levels.get(0);
            Level b = levels.get(levels.size() - 1);
            r.blank();
            r.line("Ratio " + Report.f0(b.finished()) + " / " + Report.f0(a.finished()) + ": pass p50 "
                    + ratio(b.pass(), a.pass(), 50) + ", pass p99 " + ratio(b.pass(), a.pass(), 99)
                    + "; pending list p50 " + ratio(b.pending(), a.pending(), 50) + ", p99 " + ratio(b.pending(), a.pending(), 99)
                    + " (target: at most 1.5x).");
        }
        r.blank();
        r.line("Each generated instance is a copy of one instance driven through the engine: 1 pf_instance, 8 pf_activation, "
                + "7 pf_task, 8 pf_history rows. Foreign-key triggers off during the copy (session_replication_role = replica), "
                + "sequences moved past the copies, then VACUUM ANALYZE.");
    }

    private static String ratio(Histogram b, Histogram a, double pct) {
        return Report.f2((double) b.getValueAtPercentile(pct) / a.getValueAtPercentile(pct)) + "x";
    }

    /** Snapshot of the model instance's rows, each numbered within its table, with references as numbers too. */
    private void prepareModel(long model) throws SQLException {
        try (Connection c = connection()) {
            Db.exec(c,
                    "drop table if exists gen_instance, gen_act, gen_act_map, gen_task, gen_hist",
                    "create table gen_instance as select * from pf_instance where id = " + model,
                    "create table gen_act as select a.*, row_number() over (order by a.id) as idx from pf_activation a where a.instance_id = " + model,
                    "create table gen_act_map as select g.*, p.idx as prev_idx, j.idx as join_idx from gen_act g"
                            + " left join gen_act p on p.id = g.previous_activation_id left join gen_act j on j.id = g.join_key",
                    "create table gen_task as select t.*, row_number() over (order by t.id) as idx, a.idx as act_idx from pf_task t"
                            + " left join gen_act a on a.id = t.activation_id where t.instance_id = " + model,
                    "create table gen_hist as select h.*, row_number() over (order by h.id) as idx, t.idx as task_idx from pf_history h"
                            + " left join gen_task t on t.id = h.task_id where h.instance_id = " + model);
        }
    }

    /** Adds {@code count} finished instances, in chunks of 100,000, one transaction per chunk. */
    private void generate(long count) throws SQLException {
        try (Connection c = connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("set session_replication_role = replica");
            } catch (SQLException e) {
                Compare.log("(not a superuser: foreign-key checks stay on during generation: " + e.getMessage() + ")");
            }
            c.setAutoCommit(false);
            long na = one(c, "select count(*) from gen_act");
            long nt = one(c, "select count(*) from gen_task");
            long nh = one(c, "select count(*) from gen_hist");
            for (long done = 0; done < count; ) {
                long k = Math.min(100_000, count - done);
                long bi = one(c, "select coalesce(max(id), 0) from pf_instance");
                long ba = one(c, "select coalesce(max(id), 0) from pf_activation");
                long bt = one(c, "select coalesce(max(id), 0) from pf_task");
                long bh = one(c, "select coalesce(max(id), 0) from pf_history");
                String g = " cross join generate_series(1, " + k + ") g";
                String shift = " - make_interval(mins => g)";
                Db.exec(c,
                        "insert into pf_instance (id, template_id, template_key, business_key, running_key, status, initiator, variables,"
                                + " started_at, ended_at, version) select " + bi + " + g, m.template_id, m.template_key, 'HIST-' || ("
                                + bi + " + g), null, m.status, m.initiator, m.variables, m.started_at" + shift + ", m.ended_at" + shift
                                + ", m.version from gen_instance m" + g,
                        "insert into pf_activation (id, instance_id, node_id, node_type, status, outcome, previous_activation_id, region,"
                                + " join_key, arrived, error_text, created_at, completed_at, version) select " + ba + " + (g - 1) * " + na
                                + " + a.idx, " + bi + " + g, a.node_id, a.node_type, a.status, a.outcome, " + ba + " + (g - 1) * " + na
                                + " + a.prev_idx, a.region, " + ba + " + (g - 1) * " + na + " + a.join_idx, a.arrived, a.error_text,"
                                + " a.created_at" + shift + ", a.completed_at" + shift + ", a.version from gen_act_map a" + g,
                        "insert into pf_task (id, instance_id, activation_id, node_id, node_name, status, created_at, completed_at,"
                                + " completed_by, outcome, version, due_at, claimed_by, claimed_until, offered_to) select " + bt
                                + " + (g - 1) * " + nt + " + t.idx, " + bi + " + g, " + ba + " + (g - 1) * " + na + " + t.act_idx,"
                                + " t.node_id, t.node_name, t.status, t.created_at" + shift + ", t.completed_at" + shift + ", t.completed_by,"
                                + " t.outcome, t.version, null, null, null, t.offered_to from gen_task t" + g,
                        "insert into pf_history (id, instance_id, task_id, action, actor, comment_text, from_node, to_node, rules_fired,"
                                + " decision, created_at) select " + bh + " + (g - 1) * " + nh + " + h.idx, " + bi + " + g, " + bt
                                + " + (g - 1) * " + nt + " + h.task_idx, h.action, h.actor, h.comment_text, h.from_node, h.to_node,"
                                + " h.rules_fired, h.decision, h.created_at" + shift + " from gen_hist h" + g);
                c.commit();
                done += k;
            }
            for (String t : List.of("pf_instance", "pf_activation", "pf_task", "pf_history")) {
                one(c, "select setval(pg_get_serial_sequence('" + t + "', 'id'), (select max(id) from " + t + "))");
            }
            c.commit();
            c.setAutoCommit(true);
            Db.exec(c, "set session_replication_role = origin", "vacuum analyze pf_instance", "vacuum analyze pf_activation",
                    "vacuum analyze pf_task", "vacuum analyze pf_task_candidate", "vacuum analyze pf_history");
        }
    }

    /** Same starting state at every level: statistics fresh, dirty pages written out. */
    private void settle() throws SQLException {
        try (Connection c = connection()) {
            Db.exec(c, "vacuum analyze pf_task_candidate", "checkpoint");
        }
    }

    /** The plan of the pending-list query (as mappers/plantflow-engine.xml builds it), to the log. */
    private void explainPending() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("explain (analyze, buffers, costs off) select t.*, i.template_key, i.business_key"
                     + " from pf_task t join pf_instance i on i.id = t.instance_id where t.status = 'OPEN' and t.id in"
                     + " (select c.task_id from pf_task_candidate c where (c.kind = 'U' and c.candidate = 'chen.finance')"
                     + " or (c.kind = 'R' and c.candidate in ('finance'))) order by t.created_at, t.id")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append("\n    ").append(rs.getString(1));
            }
            Compare.log("pending-list plan:" + plan);
        }
    }

    private Connection connection() throws SQLException {
        Connection c = pg.admin();
        Db.exec(c, "set search_path = " + SCHEMA);
        return c;
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
