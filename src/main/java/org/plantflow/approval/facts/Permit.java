package org.plantflow.approval.facts;

/** The actor may act; {@code reason} goes into the history. */
public final class Permit {
    private final String reason;

    public Permit(String reason) { this.reason = reason; }

    public String getReason() { return reason; }

    @Override
    public String toString() { return "Permit(" + reason + ")"; }
}
