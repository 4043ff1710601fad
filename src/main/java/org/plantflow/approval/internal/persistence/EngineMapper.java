package org.plantflow.approval.internal.persistence;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Param;
import org.plantflow.approval.internal.persistence.Rows.ActivationRow;
import org.plantflow.approval.internal.persistence.Rows.CandidateRow;
import org.plantflow.approval.internal.persistence.Rows.EdgeRow;
import org.plantflow.approval.internal.persistence.Rows.HistoryRow;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Rows.NodeRow;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;

/** MyBatis mapper of the engine tables; the SQL is in {@code mappers/plantflow-engine.xml}. */
public interface EngineMapper {
    TemplateRow latestTemplate(@Param("key") String key);

    TemplateRow template(@Param("id") long id);

    List<TemplateRow> templateVersions();

    TemplateRow templateVersion(@Param("key") String key, @Param("version") int version);

    List<InstanceRow> instances(@Param("templateKey") String templateKey, @Param("status") String status,
                                @Param("businessKey") String businessKey, @Param("initiator") String initiator,
                                @Param("offset") long offset, @Param("limit") int limit);

    long countInstances(@Param("templateKey") String templateKey, @Param("status") String status,
                        @Param("businessKey") String businessKey, @Param("initiator") String initiator);

    List<ActivationRow> activations(@Param("instanceId") long instanceId);

    void insertTemplate(TemplateRow row);

    void insertNode(NodeRow row);

    void insertEdge(EdgeRow row);

    List<NodeRow> nodes(@Param("templateId") long templateId);

    List<EdgeRow> edges(@Param("templateId") long templateId);

    InstanceRow instance(@Param("id") long id);

    InstanceRow runningInstance(@Param("runningKey") String runningKey);

    InstanceRow lockInstance(@Param("id") long id);

    List<TaskRow> tasksOfActivation(@Param("activationId") long activationId);

    ActivationRow activation(@Param("id") long id);

    List<ActivationRow> liveActivations(@Param("instanceId") long instanceId);

    ActivationRow joinActivation(@Param("instanceId") long instanceId, @Param("nodeId") String nodeId,
                                 @Param("joinKey") Long joinKey);

    void insertActivation(ActivationRow row);

    int updateActivation(ActivationRow row);

    List<TaskRow> overdueCandidates(@Param("now") java.time.LocalDateTime now, @Param("limit") int limit);

    int claimTask(@Param("id") long id, @Param("version") int version, @Param("owner") String owner,
                  @Param("leaseUntil") java.time.LocalDateTime leaseUntil);

    void insertInstance(InstanceRow row);

    int updateInstance(InstanceRow row);

    TaskRow task(@Param("id") long id);

    /** PostgreSQL and Oracle: the task with its instance row locked, in one statement. */
    TaskRow taskLockingInstance(@Param("id") long id);

    List<TaskRow> openTasksWithCandidates(@Param("instanceId") long instanceId);

    void insertTask(TaskRow row);

    /** PostgreSQL only: ids for new activations and tasks (keys activation_id, task_id), 4 of each. */
    List<java.util.Map<String, Object>> nextIds();

    int updateTask(TaskRow row);

    void insertCandidate(CandidateRow row);

    int deleteCandidates(@Param("taskId") long taskId);

    List<TaskRow> pendingTasks(@Param("user") String user, @Param("roles") Collection<String> roles);

    void insertHistory(HistoryRow row);

    List<HistoryRow> history(@Param("instanceId") long instanceId);

    HistoryRow historyEntry(@Param("id") long id);

    List<HistoryRow> historyWithRecords(@Param("instanceId") long instanceId);

    List<Rows.RecordedRow> recordedRows(@Param("templateKey") String templateKey, @Param("recorded") boolean recorded,
                                        @Param("afterId") long afterId, @Param("since") java.time.LocalDateTime since,
                                        @Param("limit") int limit);

    Long recordedRowsFloor(@Param("templateKey") String templateKey, @Param("recorded") boolean recorded,
                           @Param("afterId") long afterId, @Param("since") java.time.LocalDateTime since,
                           @Param("limit") int limit);

    void insertRulesActivation(Rows.RulesActivationRow row);

    void insertRulesFile(@Param("sha256") String sha256, @Param("content") String content);

    void insertRulesActivationFile(@Param("activationId") long activationId, @Param("path") String path,
                                   @Param("sha256") String sha256);

    Rows.RulesActivationRow rulesActivation(@Param("id") long id);

    Rows.RulesActivationRow latestRulesActivation();

    List<Rows.RulesFileRow> rulesActivationFiles(@Param("activationId") long activationId);

    List<Long> servedTemplateIds();

    long countOverdueTasks(@Param("now") java.time.LocalDateTime now);
}
