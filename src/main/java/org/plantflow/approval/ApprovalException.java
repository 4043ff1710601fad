package org.plantflow.approval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Root of every exception the engine throws. Unchecked; the message always names the things involved
 * (template file and node, rule file and line, task, instance, user) and says what to do.
 * <p>
 * <b>The ids are fields too.</b> What the message names is also kept in a {@link Subject}, so a caller (a REST
 * layer, a page) can build a structured error without parsing the message: {@link #instanceId()},
 * {@link #taskId()}, {@link #nodeId()}, {@link #templateKey()}, {@link #templateVersion()}, {@link #businessKey()},
 * {@link #user()} and {@link #rulesFired()}. Style: each accessor returns the boxed value or {@code null} when the
 * exception is not about such a thing (never {@code Optional}); {@link #rulesFired()} is never null, empty when
 * no rule fired or rules were not involved. Subclasses add their own fields (e.g.
 * {@link InvalidInputException#field()}, {@link OptimisticLockException#table()}).
 * <p>
 * {@link #details()} returns all of them — the subject's non-null ids and the subclass's fields — as one ordered
 * map with stable names, ready to be serialized:
 * <pre>{@code
 * catch (ApprovalException e) {
 *     return Map.of("error", e.getClass().getSimpleName(), "message", e.getMessage(), "details", e.details());
 * }
 * }</pre>
 */
public class ApprovalException extends RuntimeException {
    private final Subject subject;

    public ApprovalException(String message) {
        this(Subject.NONE, message, null);
    }

    public ApprovalException(String message, Throwable cause) {
        this(Subject.NONE, message, cause);
    }

    public ApprovalException(Subject subject, String message) {
        this(subject, message, null);
    }

    public ApprovalException(Subject subject, String message, Throwable cause) {
        super(message, cause);
        this.subject = subject == null ? Subject.NONE : subject;
    }

    /** What this exception is about: the ids its message names. Never null. */
    public Subject subject() {
        return subject;
    }

    /** The instance involved, or null. */
    public Long instanceId() {
        return subject.instanceId();
    }

    /** The task involved, or null. */
    public Long taskId() {
        return subject.taskId();
    }

    /** The template node involved (its BPMN id), or null. */
    public String nodeId() {
        return subject.nodeId();
    }

    /** The template key involved, or null. */
    public String templateKey() {
        return subject.templateKey();
    }

    /** The template version involved, or null (also null when only the key is known). */
    public Integer templateVersion() {
        return subject.templateVersion();
    }

    /** The instance's business key, or null. */
    public String businessKey() {
        return subject.businessKey();
    }

    /** The user the refused call acted for (the actor, the initiator, the pending-list user), or null. */
    public String user() {
        return subject.user();
    }

    /** The rules that fired before the refusal, in order; empty when none did or rules were not involved. */
    public List<String> rulesFired() {
        return subject.rulesFired();
    }

    /**
     * Every id and field of this exception, for a structured error: the subject's non-null values under the names
     * {@code instanceId, taskId, nodeId, templateKey, templateVersion, businessKey, user, rulesFired} (rulesFired only
     * when not empty), followed by the subclass's own fields. Values are strings, numbers or lists of strings.
     */
    public final Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "instanceId", subject.instanceId());
        put(out, "taskId", subject.taskId());
        put(out, "nodeId", subject.nodeId());
        put(out, "templateKey", subject.templateKey());
        put(out, "templateVersion", subject.templateVersion());
        put(out, "businessKey", subject.businessKey());
        put(out, "user", subject.user());
        if (!subject.rulesFired().isEmpty()) {
            out.put("rulesFired", subject.rulesFired());
        }
        addDetails(out);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Subclasses add their own fields to {@link #details()}; null values are left out by {@link #put}. */
    protected void addDetails(Map<String, Object> details) {
    }

    protected static void put(Map<String, Object> details, String name, Object value) {
        if (value != null) {
            details.put(name, value);
        }
    }

    /**
     * The ids an exception is about; every component may be null (rulesFired: empty) when it does not apply.
     * Built at the throw site from {@link #NONE} or one of the starting points, then the {@code with...} methods:
     * <pre>{@code
     * Subject.task(taskId).withInstance(instanceId).withNode("draft").withUser(actor.user())
     * }</pre>
     *
     * @param instanceId      the instance
     * @param taskId          the task
     * @param nodeId          the template node's BPMN id
     * @param templateKey     the template key
     * @param templateVersion the template version
     * @param businessKey     the instance's business key
     * @param user            the user the call acted for
     * @param rulesFired      the rules that fired, in order (never null)
     */
    public record Subject(Long instanceId, Long taskId, String nodeId, String templateKey, Integer templateVersion,
                          String businessKey, String user, List<String> rulesFired) {
        /** About nothing in particular. */
        public static final Subject NONE = new Subject(null, null, null, null, null, null, null, List.of());

        public Subject {
            rulesFired = rulesFired == null ? List.of() : List.copyOf(rulesFired);
        }

        public static Subject instance(long instanceId) {
            return NONE.withInstance(instanceId);
        }

        public static Subject task(long taskId) {
            return NONE.withTask(taskId);
        }

        public static Subject template(String templateKey, Integer templateVersion) {
            return NONE.withTemplate(templateKey, templateVersion);
        }

        public Subject withInstance(Long id) {
            return new Subject(id, taskId, nodeId, templateKey, templateVersion, businessKey, user, rulesFired);
        }

        public Subject withTask(Long id) {
            return new Subject(instanceId, id, nodeId, templateKey, templateVersion, businessKey, user, rulesFired);
        }

        public Subject withNode(String id) {
            return new Subject(instanceId, taskId, id, templateKey, templateVersion, businessKey, user, rulesFired);
        }

        public Subject withTemplate(String key, Integer version) {
            return new Subject(instanceId, taskId, nodeId, key, version, businessKey, user, rulesFired);
        }

        public Subject withBusinessKey(String key) {
            return new Subject(instanceId, taskId, nodeId, templateKey, templateVersion, key, user, rulesFired);
        }

        public Subject withUser(String userId) {
            return new Subject(instanceId, taskId, nodeId, templateKey, templateVersion, businessKey, userId, rulesFired);
        }

        public Subject withRulesFired(List<String> rules) {
            return new Subject(instanceId, taskId, nodeId, templateKey, templateVersion, businessKey, user, rules);
        }
    }
}
