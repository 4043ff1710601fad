package org.plantflow.approval.facts;

/** Answer to a {@link JoinQuestion}: the join continues now. */
public final class JoinContinues {
    private final String reason;

    public JoinContinues(String reason) { this.reason = reason; }

    public String getReason() { return reason; }

    @Override
    public String toString() { return "JoinContinues(" + reason + ")"; }
}
