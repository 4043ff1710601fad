package org.plantflow.approval.internal.persistence;

import java.util.Collection;
import java.util.List;

import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;

/**
 * The persistence port: the engine's one door to its tables, valid for one transaction. Every update
 * checks the row's {@code version} and throws {@code OptimisticLockException} when it changed (a store that holds
 * writes back, as on PostgreSQL, throws when it sends them: at the next read or {@link #flush()}); history is
 * insert-only.
 */
public interface Store {
    TemplateRow latestTemplate(String key);

    TemplateRow template(long id);

    /** Every deployed version, ordered by key and version, without {@code sourceXml}. */
    List<TemplateRow> templateVersions();

    /** One version of a key with its XML, or null. */
    TemplateRow templateVersion(String key, int version);

    /** Filters of an instance list; null fields match anything. {@code status} is an {@code InstanceStatus} name. */
    record InstanceFilter(String templateKey, String status, String businessKey, String initiator) {
    }

    /** Instances matching the filter, newest (highest id) first, {@code limit} of them after skipping {@code offset}. */
    List<InstanceRow> instances(InstanceFilter filter, long offset, int limit);

    long countInstances(InstanceFilter filter);

    /** @throws org.plantflow.approval.ConflictException when another call stored the same key and version first */
    void insertTemplate(TemplateRow row, List<NodeRow> nodes, List<EdgeRow> edges);

    List<NodeRow> nodes(long templateId);

    List<EdgeRow> edges(long templateId);

    InstanceRow instance(long id);

    InstanceRow runningInstance(String templateKey, String businessKey);

    /** Reads the instance and locks its row until the transaction ends: one mutating call per instance at a time. */
    InstanceRow lockInstance(long id);

    /** @throws org.plantflow.approval.InstanceAlreadyRunningException when the running key is taken */
    void insertInstance(InstanceRow row);

    /**
     * Inserts the instance unless one of the same template and business key is running; then nothing is inserted
     * and that running instance is returned (null when inserted). PostgreSQL: one statement ({@code on conflict}).
     */
    default InstanceRow insertInstanceUnlessRunning(InstanceRow row) {
        InstanceRow running = runningInstance(row.templateKey, row.businessKey);
        if (running != null) {
            return running;
        }
        insertInstance(row);
        return null;
    }

    /** Writes status, ended_at, running_key; bumps the version. */
    void updateInstance(InstanceRow row);

    /** The task with its candidates and its activation, read in one statement (a consistent snapshot). */
    TaskRow task(long id);

    /**
     * The task (as {@link #task(long)}) with its instance in {@code TaskRow.instance}, the instance row locked until
     * the transaction ends. One statement where the database allows it; null when the task does not exist.
     */
    default TaskRow taskLockingInstance(long id) {
        TaskRow t = task(id);
        if (t == null) {
            return null;
        }
        InstanceRow locked = lockInstance(t.instanceId);
        TaskRow now = task(id); // as it is after the lock: a call that held it may have closed the task meanwhile
        now.instance = locked;
        return now;
    }

    /** The open tasks of an instance with their candidates, in one statement. */
    List<TaskRow> openTasksWithCandidates(long instanceId);

    /** Every task of one node visit, open or not, oldest first. */
    List<TaskRow> tasksOfActivation(long activationId);

    ActivationRow activation(long id);

    /** Every node visit of an instance, in order of creation. */
    List<ActivationRow> activations(long instanceId);

    /** Activations still in play: ACTIVE, WAITING or FAILED. */
    List<ActivationRow> liveActivations(long instanceId);

    /** The latest activation of a join node gathering the branches of one split (joinKey null: outside any split). */
    ActivationRow joinActivation(long instanceId, String nodeId, Long joinKey);

    void insertActivation(ActivationRow row);

    /** Writes status, outcome, arrived, error, completion time; bumps the version. */
    void updateActivation(ActivationRow row);

    /**
     * Claims up to {@code limit} open overdue tasks for one sweeper: tasks due at or before {@code now}, not
     * claimed by a live lease. Claimed rows carry {@code owner} until {@code leaseUntil}. Two sweepers never
     * claim the same task (PostgreSQL/Oracle: FOR UPDATE SKIP LOCKED; H2: optimistic claim by version).
     */
    List<Long> claimOverdueTasks(String owner, java.time.LocalDateTime now, java.time.LocalDateTime leaseUntil, int limit);

    /** Rows of a host business-fact query by business key; maps or the host's own objects. */
    List<Object> businessFacts(String statement, java.util.Map<String, Object> parameters);

    void insertTask(TaskRow row, Collection<CandidateRow> candidates);

    /** Writes status, completion fields, deadline and claim; bumps the version; removes the candidates of a closed task. */
    void updateTask(TaskRow row);

    /** Replaces the candidates of an open task (escalation). */
    void replaceCandidates(long taskId, Collection<CandidateRow> candidates);

    List<TaskRow> pendingTasks(String user, Collection<String> roles);

    void insertHistory(HistoryRow row);

    /** An instance's history, oldest first, without the decision records. */
    List<HistoryRow> history(long instanceId);

    /** One history entry with its decision record; null when there is none with this id. */
    HistoryRow historyEntry(long id);

    /** An instance's history with the decision records, oldest first. */
    List<HistoryRow> historyWithRecords(long instanceId);

    /**
     * History rows of instances of a template key, oldest first, with an id above {@code afterId} (keyset paging),
     * at most {@code limit}: with {@code recorded} those with a decision record (and it), else those that name rules or
     * a decision without a record (written before decision records, schema V3; bookkeeping rows left out).
     *
     * @param since null for any time
     */
    List<Rows.RecordedRow> recordedRows(String templateKey, boolean recorded, long afterId,
                                        java.time.LocalDateTime since, int limit);

    /** The id of the oldest of the newest {@code n} recorded rows of a template key; null when it has none. */
    Long recordedRowsFloor(String templateKey, int n);

    /** What a host action runs for: the instance and the automatic node. */
    record ActionCall(String name, long instanceId, String templateKey, String businessKey, String nodeId,
                      java.util.Map<String, Object> variables) {
    }

    /**
     * Runs a host action on the call's connection, behind a savepoint: when it throws, its own writes are undone and
     * the engine's are kept. Sends held-back writes first, so the action sees everything the call wrote.
     *
     * @return null when the action succeeded, else what went wrong, in words
     */
    String runAction(org.plantflow.approval.spi.ApprovalAction action, ActionCall call);

    /**
     * Sends writes the store may still hold (PostgreSQL sends them with the call's next read). Called before the
     * transaction commits and before host code runs on the connection; a failed version check throws here.
     */
    default void flush() {
    }

    // ---------------------------------------------------------------- rules activations

    /** Records an activation (the row gets its id) and its files, storing each file's text once per content. */
    void insertRulesActivation(Rows.RulesActivationRow row, List<Rows.RulesFileRow> files);

    /** One activation, or null. */
    Rows.RulesActivationRow rulesActivation(long id);

    /** The last activation recorded (by any engine on this database), or null. */
    Rows.RulesActivationRow latestRulesActivation();

    /** The files of an activation with their text, by path. */
    List<Rows.RulesFileRow> rulesActivationFiles(long activationId);

    /** Open tasks due before {@code now}. */
    long countOverdueTasks(java.time.LocalDateTime now);

    /** Ids of the template versions the rules serve: the latest of each key and every version with running instances. */
    List<Long> servedTemplateIds();
}
