package org.plantflow.approval;

/**
 * The database could not be reached during the call: the connection was refused, lost, or closed by a server
 * shutting down or restarting. The cause is the driver's or the pool's error; a failed rollback is attached as
 * suppressed.
 * <p>
 * When the connection failed before the commit ({@link #outcomeUnknown()} false), the call changed nothing and can
 * be made again once the database is back. When it failed while committing, the database may or may not have
 * applied the call: reload the task or instance to see which before acting again.
 */
public class DatabaseUnavailableException extends ApprovalException {
    private final boolean outcomeUnknown;

    public DatabaseUnavailableException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** True when the connection failed while committing: whether the call took effect is unknown. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
