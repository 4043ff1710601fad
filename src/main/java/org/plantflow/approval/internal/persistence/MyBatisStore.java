package org.plantflow.approval.internal.persistence;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.InstanceAlreadyRunningException;
import org.plantflow.approval.OptimisticLockException;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;

/** {@link Store} over the MyBatis mapper, in the caller's session (and so its transaction). */
public final class MyBatisStore implements Store {
    /** Oracle allows at most 1000 expressions in an IN list. */
    private static final int IN_CHUNK = 500;

    private final SqlSession session;
    private final EngineMapper mapper;

    /** On PostgreSQL some writes are combined into one statement (data-modifying CTEs). */
    private final boolean postgres;

    public MyBatisStore(SqlSession session) {
        this.session = session;
        this.mapper = session.getMapper(EngineMapper.class);
        this.postgres = "postgresql".equals(session.getConfiguration().getDatabaseId());
        this.oneStatementLock = postgres || "oracle".equals(session.getConfiguration().getDatabaseId());
    }

    /** PostgreSQL and Oracle lock just the instance row of a join (FOR UPDATE OF); H2 reads and locks in two steps. */
    private final boolean oneStatementLock;

    public static String runningKey(String templateKey, String businessKey) {
        return templateKey + "/" + businessKey;
    }

    @Override
    public TemplateRow latestTemplate(String key) {
        return mapper.latestTemplate(key);
    }

    @Override
    public TemplateRow template(long id) {
        return mapper.template(id);
    }

    @Override
    public void insertTemplate(TemplateRow row, List<NodeRow> nodes, List<EdgeRow> edges) {
        mapper.insertTemplate(row);
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
        return mapper.nodes(templateId);
    }

    @Override
    public List<EdgeRow> edges(long templateId) {
        return mapper.edges(templateId);
    }

    @Override
    public InstanceRow instance(long id) {
        return mapper.instance(id);
    }

    @Override
    public InstanceRow runningInstance(String templateKey, String businessKey) {
        return mapper.runningInstance(runningKey(templateKey, businessKey));
    }

    @Override
    public TaskRow taskLockingInstance(long id) {
        if (oneStatementLock) {
            return mapper.taskLockingInstance(id);
        }
        return Store.super.taskLockingInstance(id);
    }

    @Override
    public List<TaskRow> openTasksWithCandidates(long instanceId) {
        return mapper.openTasksWithCandidates(instanceId);
    }

    @Override
    public InstanceRow lockInstance(long id) {
        return mapper.lockInstance(id);
    }

    @Override
    public List<TaskRow> tasksOfActivation(long activationId) {
        return mapper.tasksOfActivation(activationId);
    }

    @Override
    public ActivationRow activation(long id) {
        return mapper.activation(id);
    }

    @Override
    public List<ActivationRow> liveActivations(long instanceId) {
        return mapper.liveActivations(instanceId);
    }

    @Override
    public ActivationRow joinActivation(long instanceId, String nodeId, Long joinKey) {
        return mapper.joinActivation(instanceId, nodeId, joinKey);
    }

    @Override
    public void insertActivation(ActivationRow row) {
        mapper.insertActivation(row);
    }

    @Override
    public void updateActivation(ActivationRow row) {
        if (mapper.updateActivation(row) != 1) {
            throw new OptimisticLockException("pf_activation", row.id, row.version);
        }
        row.version++;
    }

    @Override
    public List<Long> claimOverdueTasks(String owner, LocalDateTime now, LocalDateTime leaseUntil, int limit) {
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
            throw new ApprovalException("business-fact query '" + statement + "' is not defined by any mapper; add it to a "
                    + "mapper XML under mappers/ (or the host's mappers folder) with namespace and id matching approval:facts");
        }
        try {
            return session.selectList(statement, parameters);
        } catch (PersistenceException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ApprovalException("business-fact query '" + statement + "' failed for business key '"
                    + parameters.get("businessKey") + "': " + root.getMessage() + "; check the host tables it reads", e);
        }
    }

    @Override
    public void replaceCandidates(long taskId, Collection<CandidateRow> candidates) {
        mapper.deleteCandidates(taskId);
        for (CandidateRow c : candidates) {
            c.taskId = taskId;
            mapper.insertCandidate(c);
        }
    }

    @Override
    public void insertInstance(InstanceRow row) {
        try {
            mapper.insertInstance(row);
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw new InstanceAlreadyRunningException("an instance of template '" + row.templateKey
                        + "' for business key '" + row.businessKey + "' was started concurrently and is running; "
                        + "finish or terminate it before starting another", e);
            }
            throw e;
        }
    }

    @Override
    public void updateInstance(InstanceRow row) {
        if (mapper.updateInstance(row) != 1) {
            throw new OptimisticLockException("pf_instance", row.id, row.version);
        }
        row.version++;
    }

    @Override
    public TaskRow task(long id) {
        return mapper.task(id);
    }

    @Override
    public void insertTask(TaskRow row, Collection<CandidateRow> candidates) {
        if (postgres && !candidates.isEmpty()) {
            row.id = mapper.insertTaskWithCandidates(row, candidates);
            candidates.forEach(c -> c.taskId = row.id);
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
        boolean closing = !"OPEN".equals(row.status);
        int changed = closing && postgres ? mapper.closeTask(row) : mapper.updateTask(row);
        if (changed != 1) {
            throw new OptimisticLockException("pf_task", row.id, row.version);
        }
        row.version++;
        if (closing && !postgres) {
            mapper.deleteCandidates(row.id);
        }
    }

    @Override
    public List<TaskRow> pendingTasks(String user, Collection<String> roles) {
        List<String> r = new ArrayList<>(roles);
        if (r.size() > IN_CHUNK) {
            throw new IllegalArgumentException("at most " + IN_CHUNK + " roles per pending-tasks query, got " + r.size());
        }
        return mapper.pendingTasks(user, r);
    }

    @Override
    public void insertHistory(HistoryRow row) {
        mapper.insertHistory(row);
    }

    @Override
    public List<HistoryRow> history(long instanceId) {
        return mapper.history(instanceId);
    }

    /** SQLSTATE class 23 (integrity constraint violation): PostgreSQL 23505, H2 23505, Oracle 23000. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
