package org.plantflow.approval.internal.persistence;

import java.util.Collection;
import java.util.List;

import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;

/**
 * The persistence port: the engine's one door to its tables, valid for one transaction. Every update
 * checks the row's {@code version} and throws {@code OptimisticLockException} when it changed; history is
 * insert-only.
 */
public interface Store {
    TemplateRow latestTemplate(String key);

    TemplateRow template(long id);

    void insertTemplate(TemplateRow row, List<NodeRow> nodes, List<EdgeRow> edges);

    List<NodeRow> nodes(long templateId);

    List<EdgeRow> edges(long templateId);

    InstanceRow instance(long id);

    InstanceRow runningInstance(String templateKey, String businessKey);

    /** @throws org.plantflow.approval.InstanceAlreadyRunningException when the running key is taken */
    void insertInstance(InstanceRow row);

    /** Writes status, ended_at, running_key; bumps the version. */
    void updateInstance(InstanceRow row);

    /** The task with its candidates, read in one statement (a consistent snapshot). */
    TaskRow task(long id);

    List<TaskRow> openTasks(long instanceId);

    void insertTask(TaskRow row, Collection<CandidateRow> candidates);

    /** Writes status, completion fields; bumps the version; removes the candidates of a closed task. */
    void updateTask(TaskRow row);

    List<CandidateRow> candidates(Collection<Long> taskIds);

    List<TaskRow> pendingTasks(String user, Collection<String> roles);

    void insertHistory(HistoryRow row);

    List<HistoryRow> history(long instanceId);
}
