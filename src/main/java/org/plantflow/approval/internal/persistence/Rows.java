package org.plantflow.approval.internal.persistence;

import java.time.LocalDateTime;

/**
 * Row types of the engine tables, as MyBatis maps them (times are UTC). Internal: the public API returns
 * snapshots ({@code TaskView}, {@code InstanceView}...), never these.
 */
public final class Rows {
    private Rows() {
    }

    public static final class TemplateRow {
        public long id;
        public String templateKey;
        public int templateVersion;
        public String name;
        public String sourceFile;
        public String sourceXml;
        public String checksum;
        public String factsQuery;
        public LocalDateTime deployedAt;
    }

    public static final class NodeRow {
        public long id;
        public long templateId;
        public String nodeId;
        public String nodeType;
        public String name;
        public String roles;
        public String acceptors;
        public String signMode;
        public String voteThreshold;
        public String deadline;
        public String actionName;
    }

    public static final class EdgeRow {
        public long id;
        public long templateId;
        public String edgeId;
        public String sourceNode;
        public String targetNode;
        public String name;
        public int isDefault;
        public String outcome;
    }

    public static final class InstanceRow {
        public long id;
        public long templateId;
        public String templateKey;
        public String businessKey;
        public String runningKey;
        public org.plantflow.approval.InstanceStatus status;
        public String initiator;
        public String variables;
        public LocalDateTime startedAt;
        public LocalDateTime endedAt;
        public int version;

        /** The value of {@code running_key} while an instance runs: unique, so one running instance per key. */
        public static String runningKey(String templateKey, String businessKey) {
            return templateKey + "/" + businessKey;
        }
    }

    public static final class TaskRow {
        public long id;
        public long instanceId;
        public String nodeId;
        public String nodeName;
        public org.plantflow.approval.TaskStatus status;
        public Long activationId;
        public LocalDateTime createdAt;
        public LocalDateTime completedAt;
        public String completedBy;
        public String outcome;
        public LocalDateTime dueAt;
        public String claimedBy;
        public LocalDateTime claimedUntil;
        /** Who it was offered to when created: "role:x,user:y". */
        public String offeredTo;
        public int version;
        /** Joined from the instance by list queries. */
        public String templateKey;
        public String businessKey;
        /** Filled by {@code Store.task(id)} only, in the same statement as the task. */
        public java.util.List<CandidateRow> candidates = new java.util.ArrayList<>();
        /** Filled by {@code Store.task(id)} only: the node activation the task belongs to. */
        public ActivationRow activation;
        /** Filled by {@code Store.taskLockingInstance(id)} only: the task's instance, locked. */
        public InstanceRow instance;
    }

    public static final class ActivationRow {
        public long id;
        public long instanceId;
        public String nodeId;
        public String nodeType;
        public ActivationStatus status;
        public String outcome;
        public Long previousActivationId;
        public String region;
        public Long joinKey;
        public String arrived;
        public String errorText;
        public LocalDateTime createdAt;
        public LocalDateTime completedAt;
        public int version;
    }

    public static final class CandidateRow {
        public long taskId;
        public CandidateKind kind;
        public String candidate;

        public CandidateRow() {
        }

        public CandidateRow(long taskId, CandidateKind kind, String candidate) {
            this.taskId = taskId;
            this.kind = kind;
            this.candidate = candidate;
        }
    }

    public static final class HistoryRow {
        public long id;
        public long instanceId;
        public Long taskId;
        public String action;
        public String actor;
        public String commentText;
        public String fromNode;
        public String toNode;
        public String rulesFired;
        public String decision;
        /** JSON decision record of the call (see DecisionRecord); read only by historyEntry/historyWithRecords. */
        public String decisionRecord;
        /** The rules activation the call's decisions were taken under (pf_rules_activation), null without decisions. */
        public Long rulesActivationId;
        public LocalDateTime createdAt;
    }

    /** A history row with its instance's business key and template version, for replay and rule impact (issue 11). */
    public static final class RecordedRow {
        public long id;
        public long instanceId;
        public String businessKey;
        public long templateId;
        public String templateKey;
        public String action;
        public String fromNode;
        public String rulesFired;
        public String decision;
        public LocalDateTime createdAt;
        /** Null in rows read without it (unrecorded rows). */
        public String decisionRecord;
    }

    /** One activation of the rules (pf_rules_activation). */
    public static final class RulesActivationRow {
        public long id;
        public LocalDateTime activatedAt;
        public String activatedBy;
        /** START, RELOAD or DEPLOY. */
        public String reason;
        public String source;
        public String checksum;
        public String report;
    }

    /** A rule file of an activation, with its text (pf_rules_activation_file joined to pf_rules_file). */
    public static final class RulesFileRow {
        public String path;
        public String sha256;
        public String content;
    }
}
