package org.plantflow.approval.facts;

/** The actor may not act, whatever permits; {@code reason} is shown to the user. */
public final class Deny {
    private final String reason;

    public Deny(String reason) { this.reason = reason; }

    public String getReason() { return reason; }

    @Override
    public String toString() { return "Deny(" + reason + ")"; }
}
