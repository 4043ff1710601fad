package org.plantflow.approval.internal.template;

/** The {@code approval:} extension attributes a template may carry. */
public final class ApprovalAttributes {
    /** Namespace of the extension attributes: {@code xmlns:approval="http://plantflow.org/schema/approval/1.0"}. */
    public static final String NAMESPACE = "http://plantflow.org/schema/approval/1.0";

    /** On the process: MyBatis statement id that loads the business facts by business key. */
    public static final String FACTS = "facts";
    /** On a user task: comma-separated roles whose holders may act. */
    public static final String ROLES = "roles";
    /** On a user task: comma-separated user ids who must act (several acceptors). */
    public static final String ACCEPTORS = "acceptors";
    /** On a user task: single, countersign, orsign or vote. */
    public static final String MODE = "mode";
    /** On a vote node: a fraction (2/3) or decimal (0.67) of acceptors, at most 1. */
    public static final String THRESHOLD = "threshold";
    /** On a user task: ISO-8601 duration (P2D, PT4H). */
    public static final String DEADLINE = "deadline";
    /** On a service task: the name of the host action it runs. */
    public static final String ACTION = "action";
    /** On a sequence flow leaving a vote node: {@code pass} or {@code fail}. */
    public static final String ON = "on";

    private ApprovalAttributes() {
    }
}
