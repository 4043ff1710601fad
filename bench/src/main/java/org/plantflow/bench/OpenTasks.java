package org.plantflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Open tasks in bulk for the pending-list measurement: copies of one freshly started instance (its pf_instance,
 * pf_activation and pf_task rows, ids shifted, foreign keys intact, running key unique), each waiting at its first
 * task, written with set-based {@code insert ... select ... from generate_series} as {@link Scale} writes history.
 * The copies' candidates are new: copy g is offered to user {@code bulk.(g mod users)}, and the first {@code many}
 * copies also to role {@value #MANY_ROLE}. Task creation times go back one second per copy, so the copies are older
 * than anything started later.
 */
final class OpenTasks {
    static final String MANY_ROLE = "bulk_many";

    private OpenTasks() {
    }

    /** The user holding copy g's task. */
    static String user(long g, long users) {
        return "bulk." + (g % users);
    }

    /**
     * Adds {@code count} open tasks copied from instance {@code model} (which must hold exactly one open task), in
     * chunks of 100,000, one transaction each; then VACUUM ANALYZE.
     */
    static void generate(Connection c, long model, long count, long users, long many) throws SQLException {
        Db.exec(c,
                "drop table if exists open_instance, open_act, open_act_map, open_task",
                "create table open_instance as select * from pf_instance where id = " + model,
                "create table open_act as select a.*, row_number() over (order by a.id) as idx from pf_activation a where a.instance_id = " + model,
                "create table open_act_map as select g.*, p.idx as prev_idx, j.idx as join_idx from open_act g"
                        + " left join open_act p on p.id = g.previous_activation_id left join open_act j on j.id = g.join_key",
                "create table open_task as select t.*, row_number() over (order by t.id) as idx, a.idx as act_idx from pf_task t"
                        + " left join open_act a on a.id = t.activation_id where t.instance_id = " + model);
        if (one(c, "select count(*) from open_task where status = 'OPEN'") != 1) {
            throw new IllegalStateException("model instance " + model + " must hold exactly one open task");
        }
        try (Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
        } catch (SQLException e) {
            Compare.log("(not a superuser: foreign-key checks stay on during generation: " + e.getMessage() + ")");
        }
        c.setAutoCommit(false);
        long na = one(c, "select count(*) from open_act");
        long nt = one(c, "select count(*) from open_task");
        for (long done = 0; done < count; ) {
            long k = Math.min(100_000, count - done);
            long bi = one(c, "select coalesce(max(id), 0) from pf_instance");
            long ba = one(c, "select coalesce(max(id), 0) from pf_activation");
            long bt = one(c, "select coalesce(max(id), 0) from pf_task");
            long g0 = done; // copy number = g0 + g, from 1 to count
            String g = " cross join generate_series(1, " + k + ") g";
            String shift = " - make_interval(secs => " + g0 + " + g)";
            String key = "'OPEN-' || (" + bi + " + g)";
            Db.exec(c,
                    "insert into pf_instance (id, template_id, template_key, business_key, running_key, status, initiator, variables,"
                            + " started_at, ended_at, version) select " + bi + " + g, m.template_id, m.template_key, " + key
                            + ", m.template_key || '/' || " + key + ", m.status, m.initiator, m.variables, m.started_at" + shift
                            + ", null, m.version from open_instance m" + g,
                    "insert into pf_activation (id, instance_id, node_id, node_type, status, outcome, previous_activation_id, region,"
                            + " join_key, arrived, error_text, created_at, completed_at, version) select " + ba + " + (g - 1) * " + na
                            + " + a.idx, " + bi + " + g, a.node_id, a.node_type, a.status, a.outcome, " + ba + " + (g - 1) * " + na
                            + " + a.prev_idx, a.region, " + ba + " + (g - 1) * " + na + " + a.join_idx, a.arrived, a.error_text,"
                            + " a.created_at" + shift + ", a.completed_at" + shift + ", a.version from open_act_map a" + g,
                    "insert into pf_task (id, instance_id, activation_id, node_id, node_name, status, created_at, completed_at,"
                            + " completed_by, outcome, version, due_at, claimed_by, claimed_until, offered_to) select " + bt
                            + " + (g - 1) * " + nt + " + t.idx, " + bi + " + g, " + ba + " + (g - 1) * " + na + " + t.act_idx,"
                            + " t.node_id, t.node_name, t.status, t.created_at" + shift + ", t.completed_at" + shift + ", t.completed_by,"
                            + " t.outcome, t.version, null, null, null, t.offered_to from open_task t" + g,
                    "insert into pf_task_candidate (task_id, kind, candidate) select " + bt + " + (g - 1) * " + nt + " + t.idx, 'U',"
                            + " 'bulk.' || ((" + g0 + " + g) % " + users + ") from open_task t" + g + " where t.status = 'OPEN'",
                    "insert into pf_task_candidate (task_id, kind, candidate) select " + bt + " + (g - 1) * " + nt + " + t.idx, 'R', '"
                            + MANY_ROLE + "' from open_task t" + g + " where t.status = 'OPEN' and " + g0 + " + g <= " + many);
            c.commit();
            done += k;
        }
        for (String t : List.of("pf_instance", "pf_activation", "pf_task")) {
            one(c, "select setval(pg_get_serial_sequence('" + t + "', 'id'), (select max(id) from " + t + "))");
        }
        c.commit();
        c.setAutoCommit(true);
        Db.exec(c, "set session_replication_role = origin", "vacuum analyze pf_instance", "vacuum analyze pf_activation",
                "vacuum analyze pf_task", "vacuum analyze pf_task_candidate", "checkpoint");
    }

    static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
