package org.plantflow.approval.internal.persistence;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.ConflictException;
import org.plantflow.approval.InstanceAlreadyRunningException;
import org.plantflow.approval.InvalidInputException;
import org.plantflow.approval.Limits;
import org.plantflow.approval.OptimisticLockException;
import org.plantflow.approval.TaskStatus;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
import org.plantflow.approval.spi.ApprovalAction;

/**
 * {@link Store} over the MyBatis mapper, in the caller's session (and so its transaction). On PostgreSQL the
 * engine's writes are held back ({@link Pipeline}) and sent together with the call's next read or at
 * {@link #flush()}. Oracle and H2 write at once.
 */
public final class MyBatisStore implements Store {
    private static final String NS = EngineMapper.class.getName() + ".";

    private final SqlSession session;
    private final EngineMapper mapper;

    /** PostgreSQL: the writes waiting for the next round trip; null elsewhere. */
    private final Pipeline pipeline;
    private final NewIds ids;
    private final LiveActivations live = new LiveActivations();

    public MyBatisStore(SqlSession session) {
        this.session = session;
        this.mapper = session.getMapper(EngineMapper.class);
        boolean postgres = "postgresql".equals(session.getConfiguration().getDatabaseId());
        this.oneStatementLock = postgres || "oracle".equals(session.getConfiguration().getDatabaseId());
        this.pipeline = postgres ? new Pipeline(session) : null;
        this.ids = new NewIds(() -> list("nextIds", mapper::nextIds));
    }

    @Override
    public void flush() {
        if (pipeline != null) {
            pipeline.flush();
        }
    }

    /** A read that may travel with the waiting writes (PostgreSQL), else the mapper's own call. */
    private <E> List<E> list(String statement, Supplier<List<E>> direct, Object... namesAndValues) {
        if (pipeline == null || !pipeline.hasPending()) {
            return direct.get();
        }
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return pipeline.select(NS + statement, parameters);
    }

    private <E> E one(String statement, Supplier<E> direct, Object... namesAndValues) {
        List<E> rows = list(statement, () -> {
            E row = direct.get();
            return row == null ? List.of() : List.of(row);
        }, namesAndValues);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A read or write that must not overtake the waiting writes: they are sent first. */
    private <T> T afterFlush(Supplier<T> work) {
        flush();
        return work.get();
    }

    private static Pipeline.Check exactlyOne(String table, long id, int version, Subject about) {
        return n -> {
            if (n != 1) {
                throw new OptimisticLockException(table, id, version, about);
            }
        };
    }

    private static Subject about(TaskRow t) {
        return Subject.task(t.id).withInstance(t.instanceId).withNode(t.nodeId);
    }

    private static Subject about(ActivationRow a) {
        return Subject.instance(a.instanceId).withNode(a.nodeId);
    }

    private static Subject about(InstanceRow i) {
        return Subject.instance(i.id).withTemplate(i.templateKey, null).withBusinessKey(i.businessKey);
    }


    /** PostgreSQL and Oracle lock just the instance row of a join (FOR UPDATE OF); H2 reads and locks in two steps. */
    private final boolean oneStatementLock;


    @Override
    public TemplateRow latestTemplate(String key) {
        return afterFlush(() -> mapper.latestTemplate(key));
    }

    @Override
    public TemplateRow template(long id) {
        return afterFlush(() -> mapper.template(id));
    }

    @Override
    public List<TemplateRow> templateVersions() {
        return afterFlush(mapper::templateVersions);
    }

    @Override
    public TemplateRow templateVersion(String key, int version) {
        return afterFlush(() -> mapper.templateVersion(key, version));
    }

    @Override
    public List<InstanceRow> instances(InstanceFilter f, long offset, int limit) {
        return afterFlush(() -> mapper.instances(f.templateKey(), f.status(), f.businessKey(), f.initiator(), offset, limit));
    }

    @Override
    public long countInstances(InstanceFilter f) {
        return afterFlush(() -> mapper.countInstances(f.templateKey(), f.status(), f.businessKey(), f.initiator()));
    }

    @Override
    public List<ActivationRow> activations(long instanceId) {
        return afterFlush(() -> mapper.activations(instanceId));
    }

    @Override
    public void insertTemplate(TemplateRow row, List<NodeRow> nodes, List<EdgeRow> edges) {
        flush();
        try {
            mapper.insertTemplate(row);
        } catch (PersistenceException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            throw new ConflictException(Subject.template(row.templateKey, row.templateVersion), "template '"
                    + row.templateKey + "' version " + row.templateVersion
                    + " was deployed concurrently by another call; deploy again", e);
        }
        for (NodeRow n : nodes) {
            n.templateId = row.id;
            mapper.insertNode(n);
        }
        for (EdgeRow e : edges) {
            e.templateId = row.id;
            mapper.insertEdge(e);
        }
    }

    @Override
    public List<NodeRow> nodes(long templateId) {
        return afterFlush(() -> mapper.nodes(templateId));
    }

    @Override
    public List<EdgeRow> edges(long templateId) {
        return afterFlush(() -> mapper.edges(templateId));
    }

    @Override
    public InstanceRow instance(long id) {
        return afterFlush(() -> mapper.instance(id));
    }

    @Override
    public InstanceRow runningInstance(String templateKey, String businessKey) {
        return afterFlush(() -> mapper.runningInstance(InstanceRow.runningKey(templateKey, businessKey)));
    }

    @Override
    public TaskRow taskLockingInstance(long id) {
        if (pipeline != null) { // and, in the same round trip, the instance's live activations and ids for new rows
            List<List<Object>> r = pipeline.selectAll(List.of(new Pipeline.Read(NS + "taskLockingInstance", Map.of("id", id)),
                    new Pipeline.Read(NS + "liveActivationsOfTask", Map.of("taskId", id)), new Pipeline.Read(NS + "nextIds", null)));
            if (r.get(0).isEmpty()) {
                return null;
            }
            TaskRow task = (TaskRow) r.get(0).get(0);
            live.track(task.instanceId, r.get(1));
            ids.add(r.get(2));
            return task;
        }
        if (oneStatementLock) {
            return mapper.taskLockingInstance(id);
        }
        return Store.super.taskLockingInstance(id);
    }

    @Override
    public List<TaskRow> openTasksWithCandidates(long instanceId) {
        return list("openTasksWithCandidates", () -> mapper.openTasksWithCandidates(instanceId), "instanceId", instanceId);
    }

    @Override
    public InstanceRow lockInstance(long id) {
        return afterFlush(() -> mapper.lockInstance(id));
    }

    @Override
    public List<TaskRow> tasksOfActivation(long activationId) {
        return list("tasksOfActivation", () -> mapper.tasksOfActivation(activationId), "activationId", activationId);
    }

    @Override
    public ActivationRow activation(long id) {
        return one("activation", () -> mapper.activation(id), "id", id);
    }

    @Override
    public List<ActivationRow> liveActivations(long instanceId) {
        if (!live.tracks(instanceId)) {
            live.track(instanceId, list("liveActivations", () -> mapper.liveActivations(instanceId), "instanceId", instanceId));
        }
        return live.list();
    }

    @Override
    public ActivationRow joinActivation(long instanceId, String nodeId, Long joinKey) {
        return one("joinActivation", () -> mapper.joinActivation(instanceId, nodeId, joinKey),
                "instanceId", instanceId, "nodeId", nodeId, "joinKey", joinKey);
    }

    @Override
    public void insertActivation(ActivationRow row) {
        if (pipeline == null) {
            mapper.insertActivation(row);
        } else {
            row.id = ids.activation();
            pipeline.write(NS + "insertActivationWithId", row, Pipeline.Check.NONE);
        }
        live.written(row);
    }

    @Override
    public void updateActivation(ActivationRow row) {
        if (pipeline != null) {
            pipeline.write(NS + "updateActivation", row, exactlyOne("pf_activation", row.id, row.version, about(row)));
        } else if (mapper.updateActivation(row) != 1) {
            throw new OptimisticLockException("pf_activation", row.id, row.version, about(row));
        }
        row.version++;
        live.written(row);
    }

    @Override
    public List<Long> claimOverdueTasks(String owner, LocalDateTime now, LocalDateTime leaseUntil, int limit) {
        flush();
        List<Long> claimed = new ArrayList<>();
        for (TaskRow t : mapper.overdueCandidates(now, limit)) {
            if (mapper.claimTask(t.id, t.version, owner, leaseUntil) == 1) {
                claimed.add(t.id);
            }
        }
        return claimed;
    }

    @Override
    public List<Object> businessFacts(String statement, Map<String, Object> parameters) {
        if (!session.getConfiguration().hasStatement(statement)) {
            throw new ApprovalException(factsSubject(parameters), "business-fact query '" + statement + "' is not defined "
                    + "by any mapper; add it to a "
                    + "mapper XML under mappers/ (or the host's mappers folder) with namespace and id matching approval:facts");
        }
        flush(); // outside the try: a failing held-back write is not the fact query's fault
        try {
            return session.selectList(statement, parameters);
        } catch (PersistenceException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ApprovalException(factsSubject(parameters), "business-fact query '" + statement
                    + "' failed for business key '"
                    + parameters.get("businessKey") + "': " + root.getMessage() + "; check the host tables it reads", e);
        }
    }

    @Override
    public void replaceCandidates(long taskId, Collection<CandidateRow> candidates) {
        flush();
        mapper.deleteCandidates(taskId);
        for (CandidateRow c : candidates) {
            c.taskId = taskId;
            mapper.insertCandidate(c);
        }
    }

    @Override
    public void insertInstance(InstanceRow row) {
        flush();
        try {
            mapper.insertInstance(row);
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw new InstanceAlreadyRunningException(Subject.template(row.templateKey, null)
                        .withBusinessKey(row.businessKey).withUser(row.initiator), "an instance of template '"
                        + row.templateKey + "' for business key '" + row.businessKey + "' was started concurrently and is running; "
                        + "finish or terminate it before starting another", e);
            }
            throw e;
        }
        live.track(row.id, List.of()); // a new instance has no activations yet
    }

    @Override
    public InstanceRow insertInstanceUnlessRunning(InstanceRow row) {
        if (pipeline == null) {
            return Store.super.insertInstanceUnlessRunning(row);
        }
        // the insert (nothing on a running key) and ids for the new rows, in one round trip
        List<List<Object>> r = pipeline.selectAll(List.of(new Pipeline.Read(NS + "insertInstanceUnlessRunning", row),
                new Pipeline.Read(NS + "nextIds", null)));
        if (r.get(0).isEmpty()) {
            InstanceRow running = runningInstance(row.templateKey, row.businessKey);
            if (running == null) {
                throw new InstanceAlreadyRunningException(Subject.template(row.templateKey, null)
                        .withBusinessKey(row.businessKey).withUser(row.initiator), "an instance of template '"
                        + row.templateKey + "' for business key '"
                        + row.businessKey + "' was running a moment ago and has just ended; start again");
            }
            return running;
        }
        row.id = ((Number) r.get(0).get(0)).longValue();
        ids.add(r.get(1));
        live.track(row.id, List.of()); // a new instance has no activations yet
        return null;
    }

    @Override
    public void updateInstance(InstanceRow row) {
        if (pipeline != null) {
            pipeline.write(NS + "updateInstance", row, exactlyOne("pf_instance", row.id, row.version, about(row)));
        } else if (mapper.updateInstance(row) != 1) {
            throw new OptimisticLockException("pf_instance", row.id, row.version, about(row));
        }
        row.version++;
    }

    @Override
    public TaskRow task(long id) {
        return one("task", () -> mapper.task(id), "id", id);
    }

    @Override
    public void insertTask(TaskRow row, Collection<CandidateRow> candidates) {
        if (pipeline != null) {
            row.id = ids.task();
            candidates.forEach(c -> c.taskId = row.id);
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("t", row);
            parameters.put("kinds", candidates.stream().map(c -> c.kind.code()).toArray(String[]::new));
            parameters.put("candidates", candidates.stream().map(c -> c.candidate).toArray(String[]::new));
            pipeline.write(NS + "insertTaskWithId", parameters, Pipeline.Check.NONE);
            return;
        }
        mapper.insertTask(row);
        for (CandidateRow c : candidates) {
            c.taskId = row.id;
            mapper.insertCandidate(c);
        }
    }

    @Override
    public void updateTask(TaskRow row) {
        boolean closing = row.status != TaskStatus.OPEN;
        if (pipeline != null) {
            pipeline.write(NS + (closing ? "closeTask" : "updateTask"), row, exactlyOne("pf_task", row.id, row.version,
                    about(row)));
            row.version++;
            return;
        }
        int changed = mapper.updateTask(row);
        if (changed != 1) {
            throw new OptimisticLockException("pf_task", row.id, row.version, about(row));
        }
        row.version++;
        if (closing) {
            mapper.deleteCandidates(row.id);
        }
    }

    @Override
    public List<TaskRow> pendingTasks(String user, Collection<String> roles) {
        List<String> r = new ArrayList<>(roles);
        // checked by the facade first; the limit (500) also keeps Oracle's IN list under its 1000 expressions
        if (r.size() > Limits.ROLES_PER_QUERY) {
            throw new InvalidInputException(Subject.NONE.withUser(user), "roles", Limits.ROLES_PER_QUERY, "roles has "
                    + r.size() + " entries; at most " + Limits.ROLES_PER_QUERY + " roles per pending-tasks call");
        }
        return afterFlush(() -> mapper.pendingTasks(user, r));
    }

    @Override
    public void insertHistory(HistoryRow row) {
        if (pipeline != null) {
            pipeline.write(NS + "insertHistory", row, Pipeline.Check.NONE); // the id comes from the identity column
            return;
        }
        mapper.insertHistory(row);
    }

    @Override
    public List<HistoryRow> history(long instanceId) {
        return afterFlush(() -> mapper.history(instanceId));
    }

    @Override
    public HistoryRow historyEntry(long id) {
        return afterFlush(() -> mapper.historyEntry(id));
    }

    @Override
    public List<HistoryRow> historyWithRecords(long instanceId) {
        return afterFlush(() -> mapper.historyWithRecords(instanceId));
    }

    @Override
    public List<Rows.RecordedRow> recordedRows(String templateKey, boolean recorded, long afterId,
                                               java.time.LocalDateTime since, int limit) {
        return afterFlush(() -> mapper.recordedRows(templateKey, recorded, afterId, since, limit));
    }

    @Override
    public Long recordedRowsFloor(String templateKey, int n) {
        return afterFlush(() -> mapper.recordedRowsFloor(templateKey, true, 0L, null, n));
    }

    @Override
    public String runAction(ApprovalAction action, ActionCall call) {
        flush(); // the host's action sees (and its savepoint follows) everything the engine wrote so far
        return HostActions.run(session.getConnection(), action, call);
    }

    private static Subject factsSubject(Map<String, Object> parameters) {
        Object id = parameters.get("instanceId");
        return Subject.template((String) parameters.get("templateKey"), null)
                .withInstance(id instanceof Number n ? n.longValue() : null)
                .withBusinessKey((String) parameters.get("businessKey"));
    }

    /** SQLSTATE class 23 (integrity constraint violation): PostgreSQL 23505, H2 23505, Oracle 23000. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void insertRulesActivation(Rows.RulesActivationRow row, List<Rows.RulesFileRow> files) {
        flush();
        mapper.insertRulesActivation(row);
        for (Rows.RulesFileRow f : files) {
            mapper.insertRulesFile(f.sha256, f.content);
            mapper.insertRulesActivationFile(row.id, f.path, f.sha256);
        }
    }

    @Override
    public Rows.RulesActivationRow rulesActivation(long id) {
        return afterFlush(() -> mapper.rulesActivation(id));
    }

    @Override
    public Rows.RulesActivationRow latestRulesActivation() {
        return afterFlush(mapper::latestRulesActivation);
    }

    @Override
    public List<Rows.RulesFileRow> rulesActivationFiles(long activationId) {
        return afterFlush(() -> mapper.rulesActivationFiles(activationId));
    }

    @Override
    public long countOverdueTasks(java.time.LocalDateTime now) {
        return afterFlush(() -> mapper.countOverdueTasks(now));
    }

    @Override
    public List<Long> servedTemplateIds() {
        return afterFlush(mapper::servedTemplateIds);
    }
}
