package org.plantflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The floor: the minimal SQL one pass needs, by plain JDBC, on tables shaped like plantflow's (copied with
 * {@code create table ... (like pf.pf_x including all)}: same columns, identity and indexes, no foreign keys):
 * update the task (checking its version), insert the history row, insert the next task, bump the instance's version,
 * one commit. Same threads as plantflow's pass loop, each thread on its own instances, 6 passes per instance.
 */
final class Floor implements AutoCloseable {
    static final int PASSES_PER_INSTANCE = 6;
    private static final String RULES = "core: a holder of a candidate role may act; core: a single-acceptor node completes "
            + "on its pass; core: follow the single outgoing flow; core: offer the task to the node's approval:roles";
    private static final String DECISION = "'manager_review' completes: pass (single 1 yes, 0 open); manager_review -> "
            + "amount_gate via f_reviewed; offer 'finance_review' to [role:finance]";

    private final HikariDataSource pool;

    Floor(EmbeddedPg pg, String schema, String plantflowSchema, int poolSize) throws SQLException {
        pg.createSchema(schema);
        try (Connection c = pg.admin()) {
            Db.exec(c,
                    "create table " + schema + ".f_instance (like " + plantflowSchema + ".pf_instance including all)",
                    "create table " + schema + ".f_task (like " + plantflowSchema + ".pf_task including all)",
                    "create table " + schema + ".f_history (like " + plantflowSchema + ".pf_history including all)");
        }
        this.pool = pg.pool(schema, poolSize, false);
    }

    Drive.Passes run(int instances, int threads, String prefix) throws Exception {
        return run(instances, threads, prefix, false);
    }

    /**
     * @param pipelined the four statements of a pass sent as one multi-statement PreparedStatement (pgjdbc sends
     *                  them in one round trip with one Sync), the next task's id read from {@code returning id}
     */
    Drive.Passes run(int instances, int threads, String prefix, boolean pipelined) throws Exception {
        ConcurrentLinkedQueue<long[]> work = new ConcurrentLinkedQueue<>(); // {instanceId, firstTaskId}
        AtomicInteger seq = new AtomicInteger();
        Drive.parallelWorkers(threads, "floor-setup", () -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement ins = c.prepareStatement("insert into f_instance (template_id, template_key, business_key, "
                         + "running_key, status, initiator, variables, started_at, version) values (1, 'bench-fuel-contract', ?, ?, "
                         + "'RUNNING', 'zhang.clerk', '{\"amount\":3800000,\"supplier\":\"Shenhua\"}', ?, 0)", new String[] {"id"});
                 PreparedStatement task = newTask(c)) {
                int i;
                while ((i = seq.getAndIncrement()) < instances) {
                    ins.setString(1, prefix + i);
                    ins.setString(2, "bench-fuel-contract/" + prefix + i);
                    ins.setTimestamp(3, now());
                    ins.executeUpdate();
                    long id = key(ins);
                    work.add(new long[] {id, insertTask(task, id)});
                    c.commit();
                }
            }
        });
        AtomicLong passes = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        ConcurrentLinkedQueue<Histogram> hists = new ConcurrentLinkedQueue<>();
        long s0 = ServerCpu.nanos();
        long t0 = System.nanoTime();
        Drive.parallelWorkers(threads, "floor", () -> {
            Histogram h = Drive.histogram();
            hists.add(h);
            long c0 = Drive.threadCpu();
            try (Connection c = pool.getConnection();
                 PreparedStatement closeTask = c.prepareStatement("update f_task set status = 'COMPLETED', completed_at = ?, "
                         + "completed_by = ?, outcome = 'PASS', due_at = null, claimed_by = null, claimed_until = null, "
                         + "version = version + 1 where id = ? and version = ?");
                 PreparedStatement history = c.prepareStatement("insert into f_history (instance_id, task_id, action, actor, "
                         + "comment_text, from_node, to_node, rules_fired, decision, created_at) values (?, ?, 'PASS', ?, null, "
                         + "'manager_review', 'finance_review', ?, ?, ?)");
                 PreparedStatement task = newTask(c);
                 PreparedStatement bump = c.prepareStatement("update f_instance set status = 'RUNNING', running_key = running_key, "
                         + "ended_at = null, version = version + 1 where id = ? and version = ?");
                 PreparedStatement all = c.prepareStatement("update f_task set status = 'COMPLETED', completed_at = ?, "
                         + "completed_by = ?, outcome = 'PASS', due_at = null, claimed_by = null, claimed_until = null, "
                         + "version = version + 1 where id = ? and version = ?; insert into f_history (instance_id, task_id, action, actor, "
                         + "comment_text, from_node, to_node, rules_fired, decision, created_at) values (?, ?, 'PASS', ?, null, "
                         + "'manager_review', 'finance_review', ?, ?, ?); update f_instance set status = 'RUNNING', running_key = running_key, "
                         + "ended_at = null, version = version + 1 where id = ? and version = ?; insert into f_task (instance_id, activation_id, node_id, node_name, status, created_at, "
                         + "completed_at, completed_by, outcome, due_at, offered_to, version) values (?, null, 'finance_review', "
                         + "'Finance review', 'OPEN', ?, null, null, null, null, 'role:finance', 0) returning id")) {
                long[] w;
                while ((w = work.poll()) != null) {
                    long instance = w[0];
                    long taskId = w[1];
                    for (int p = 0; p < PASSES_PER_INSTANCE; p++) {
                        long p0 = System.nanoTime();
                        Timestamp now = now();
                        if (pipelined) {
                            taskId = pipelinedPass(all, instance, taskId, p, now);
                            c.commit();
                            h.recordValue((System.nanoTime() - p0) / 1000);
                            passes.incrementAndGet();
                            continue;
                        }
                        closeTask.setTimestamp(1, now);
                        closeTask.setString(2, "wang.manager");
                        closeTask.setLong(3, taskId);
                        closeTask.setInt(4, 0);
                        check(closeTask.executeUpdate(), "f_task", taskId);
                        history.setLong(1, instance);
                        history.setLong(2, taskId);
                        history.setString(3, "wang.manager");
                        history.setString(4, RULES);
                        history.setString(5, DECISION);
                        history.setTimestamp(6, now);
                        history.executeUpdate();
                        taskId = insertTask(task, instance);
                        bump.setLong(1, instance);
                        bump.setInt(2, p);
                        check(bump.executeUpdate(), "f_instance", instance);
                        c.commit();
                        h.recordValue((System.nanoTime() - p0) / 1000);
                        passes.incrementAndGet();
                    }
                }
            }
            cpu.addAndGet(Drive.threadCpu() - c0);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long s1 = ServerCpu.nanos();
        Histogram all = Drive.histogram();
        hists.forEach(all::add);
        return new Drive.Passes(pipelined ? "pipelined floor" : "floor (plain JDBC)", threads, passes.get(), seconds, all, cpu.get(), s1 < 0 ? -1 : s1 - s0);
    }

    private static long pipelinedPass(PreparedStatement all, long instance, long taskId, int version, Timestamp now)
            throws SQLException {
        all.setTimestamp(1, now);
        all.setString(2, "wang.manager");
        all.setLong(3, taskId);
        all.setInt(4, 0);
        all.setLong(5, instance);
        all.setLong(6, taskId);
        all.setString(7, "wang.manager");
        all.setString(8, RULES);
        all.setString(9, DECISION);
        all.setTimestamp(10, now);
        all.setLong(11, instance);
        all.setInt(12, version);
        all.setLong(13, instance);
        all.setTimestamp(14, now);
        boolean rs = all.execute();
        for (int i = 0; i < 3; i++) {
            check(all.getUpdateCount(), i == 0 ? "f_task" : i == 1 ? "f_history" : "f_instance", i == 0 ? taskId : instance);
            rs = all.getMoreResults();
        }
        if (!rs) {
            throw new IllegalStateException("floor: no id returned for the next task");
        }
        try (ResultSet r = all.getResultSet()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static PreparedStatement newTask(Connection c) throws SQLException {
        return c.prepareStatement("insert into f_task (instance_id, activation_id, node_id, node_name, status, created_at, "
                + "completed_at, completed_by, outcome, due_at, offered_to, version) values (?, null, 'finance_review', "
                + "'Finance review', 'OPEN', ?, null, null, null, null, 'role:finance', 0)", new String[] {"id"});
    }

    private static long insertTask(PreparedStatement task, long instance) throws SQLException {
        task.setLong(1, instance);
        task.setTimestamp(2, now());
        task.executeUpdate();
        return key(task);
    }

    private static long key(PreparedStatement ps) throws SQLException {
        try (ResultSet r = ps.getGeneratedKeys()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void check(int changed, String table, long id) {
        if (changed != 1) {
            throw new IllegalStateException("floor: " + table + " " + id + " changed " + changed + " rows");
        }
    }

    private static Timestamp now() {
        return new Timestamp(System.currentTimeMillis());
    }

    @Override
    public void close() {
        pool.close();
    }
}
