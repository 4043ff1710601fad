package org.plantflow.approval.internal.persistence;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.plantflow.approval.DatabaseUnavailableException;

/**
 * Tells a lost or refused database connection from other failures of a call, and turns it into the
 * {@link DatabaseUnavailableException} the caller sees instead of the driver's, the pool's or MyBatis' exception.
 * <p>
 * A connection failure is, anywhere in the cause chain (or among an {@link SQLException}'s next exceptions): SQLSTATE
 * class 08 (connection exception: refused, lost, does not exist), 57P01/57P02/57P03 (PostgreSQL: administrator or
 * crash shutdown, server not accepting connections yet), the JDBC types for them ({@link SQLTransientConnectionException}
 * as HikariCP's "connection is not available" timeout, {@link SQLNonTransientConnectionException},
 * {@link SQLRecoverableException} as Oracle's I/O errors), or HikariCP's "Connection is closed".
 */
public final class DatabaseFailures {
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseFailures() {
    }

    /** Whether the failure (or one of its causes) is a lost or refused connection. */
    public static boolean isConnectionFailure(Throwable failure) {
        return connectionFailure(failure) != null;
    }

    /**
     * What the caller of a call that failed before its commit sees: a {@link DatabaseUnavailableException} (nothing
     * was changed) when the connection failed, else the failure itself. A failed rollback is added as suppressed to
     * whichever is returned.
     */
    public static RuntimeException beforeCommit(RuntimeException failure, RuntimeException rollbackFailure) {
        return translate(failure, rollbackFailure, false);
    }

    /**
     * What the caller of a call whose commit failed sees: a {@link DatabaseUnavailableException} saying the outcome is
     * unknown when the connection failed (the commit may have been applied without its answer arriving), else the
     * failure itself. A failed rollback is added as suppressed to whichever is returned.
     */
    public static RuntimeException whileCommitting(RuntimeException failure, RuntimeException rollbackFailure) {
        return translate(failure, rollbackFailure, true);
    }

    private static RuntimeException translate(RuntimeException failure, RuntimeException rollbackFailure, boolean committing) {
        RuntimeException seen = failure;
        Throwable lost = failure instanceof DatabaseUnavailableException ? null : connectionFailure(failure);
        if (lost != null) {
            seen = committing
                    ? new DatabaseUnavailableException("the database became unreachable while committing the call ("
                            + reason(lost) + "); the outcome is unknown: the call may or may not have taken effect, reload"
                            + " the task or instance to see which before acting again", true, failure)
                    : new DatabaseUnavailableException("the database was unreachable (" + reason(lost)
                            + "); nothing was changed by this call: make it again once the database is back", false, failure);
        }
        if (rollbackFailure != null && rollbackFailure != seen) {
            seen.addSuppressed(rollbackFailure);
        }
        return seen;
    }

    /** The first connection failure in the failure's causes and next exceptions; null when there is none. */
    static Throwable connectionFailure(Throwable failure) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        return find(failure, visited);
    }

    private static Throwable find(Throwable t, Set<Throwable> visited) {
        for (; t != null && visited.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (isConnectionFailure(sql)) {
                    return sql;
                }
                for (SQLException next = sql.getNextException(); next != null && visited.add(next); next = next.getNextException()) {
                    Throwable found = isConnectionFailure(next) ? next : find(next.getCause(), visited);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException
                || state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))
                || "Connection is closed".equals(e.getMessage());
    }

    /** "SQLSTATE 57P01: FATAL: terminating connection due to administrator command": the first line of it. */
    static String reason(Throwable lost) {
        String message = lost.getMessage() == null ? lost.getClass().getName() : lost.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline).strip();
        }
        String state = lost instanceof SQLException sql ? sql.getSQLState() : null;
        return state == null ? message : "SQLSTATE " + state + ": " + message;
    }
}
