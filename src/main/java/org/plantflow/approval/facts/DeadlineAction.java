package org.plantflow.approval.facts;

import java.time.Duration;

/**
 * Answer to a {@link DeadlineQuestion}: what the engine does with an overdue task.
 * <ul>
 *   <li>{@link #remind(String)}: a history row and the host's listener; the task stays open</li>
 *   <li>{@link #autoPass()} / {@link #autoReturn()}: the engine passes or returns the task itself</li>
 *   <li>{@link #escalateToRole(String)} / {@link #escalateToUser(String)}: the task is offered to someone else</li>
 *   <li>{@link #failVote()}: the vote the task belongs to fails (seed 002: too few votes by the deadline)</li>
 * </ul>
 * {@link #withNextDeadline(Duration)} re-arms the deadline after a reminder or escalation.
 */
public final class DeadlineAction {
    /** What to do. */
    public enum Kind { REMIND, AUTO_PASS, AUTO_RETURN, ESCALATE, FAIL_VOTE }

    private final Kind kind;
    private final String message;
    private final Candidate escalateTo;
    private final Duration nextDeadline;

    private DeadlineAction(Kind kind, String message, Candidate escalateTo, Duration nextDeadline) {
        this.kind = kind;
        this.message = message;
        this.escalateTo = escalateTo;
        this.nextDeadline = nextDeadline;
    }

    public static DeadlineAction remind(String message) { return new DeadlineAction(Kind.REMIND, message, null, null); }
    public static DeadlineAction autoPass() { return new DeadlineAction(Kind.AUTO_PASS, "deadline passed: passed by the engine", null, null); }
    public static DeadlineAction autoReturn() { return new DeadlineAction(Kind.AUTO_RETURN, "deadline passed: returned by the engine", null, null); }
    public static DeadlineAction escalateToRole(String role) {
        return new DeadlineAction(Kind.ESCALATE, "deadline passed: escalated to role " + role, Candidate.role(role), null);
    }
    public static DeadlineAction escalateToUser(String user) {
        return new DeadlineAction(Kind.ESCALATE, "deadline passed: escalated to user " + user, Candidate.user(user), null);
    }
    public static DeadlineAction failVote() { return new DeadlineAction(Kind.FAIL_VOTE, "deadline passed: the vote fails", null, null); }

    /** The same action, with the deadline set again this long after the sweep. */
    public DeadlineAction withNextDeadline(Duration next) { return new DeadlineAction(kind, message, escalateTo, next); }

    public Kind getKind() { return kind; }
    public String getMessage() { return message; }
    public Candidate getEscalateTo() { return escalateTo; }
    public Duration getNextDeadline() { return nextDeadline; }

    @Override
    public String toString() {
        return "DeadlineAction(" + kind + (escalateTo == null ? "" : " " + escalateTo) + (nextDeadline == null ? "" : ", again in " + nextDeadline) + ")";
    }
}
