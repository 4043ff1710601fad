package org.plantflow.approval;

/**
 * The sizes the engine accepts, from the columns that store them (the same in every database's schema). A call
 * whose argument breaks one is refused with {@link InvalidInputException} naming the argument and the limit,
 * before anything is read or written; a host can use these constants to limit its own forms.
 * <p>
 * Lengths count UTF-16 code units ({@link String#length()}): a character outside the Basic Multilingual Plane
 * counts as two, so whatever is accepted fits every supported database. Besides the lengths, no string argument
 * (keys, users, roles, comments, node ids, variable names and string values) may contain the NUL character
 * {@code U+0000}, which PostgreSQL cannot store, and keys and users must not be blank.
 */
public final class Limits {
    /** {@code start}: the template key ({@code pf_instance.template_key}). */
    public static final int TEMPLATE_KEY = 100;
    /** {@code start}: the business key ({@code pf_instance.business_key}). */
    public static final int BUSINESS_KEY = 200;
    /**
     * A user id: the initiator of {@code start}, the actor's user of {@code pass}/{@code returnTask}, the user of
     * {@code pendingTasks} ({@code pf_instance.initiator}, {@code pf_history.actor}, {@code pf_task.completed_by}).
     */
    public static final int USER = 100;
    /** A role name of an actor or of {@code pendingTasks} ({@code pf_task_candidate.candidate}). */
    public static final int ROLE = 100;
    /** How many roles one {@code pendingTasks} call may name. */
    public static final int ROLES_PER_QUERY = 500;
    /** The comment of {@code pass}/{@code returnTask} ({@code pf_history.comment_text}); longer is refused, never cut. */
    public static final int COMMENT = 2000;
    /** The target node of {@code returnTask} ({@code pf_activation.node_id}). */
    public static final int NODE_ID = 100;

    private Limits() {
    }
}
