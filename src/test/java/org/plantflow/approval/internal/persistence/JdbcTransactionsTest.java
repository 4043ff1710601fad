package org.plantflow.approval.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.DatabaseUnavailableException;
import org.plantflow.approval.OptimisticLockException;

/**
 * What a caller sees when the database connection fails in the middle of a call, at its commit, or in a read
 * (MyBatis doubles; the real failure on a real server is in {@code postgres/DatabaseRestartTest}).
 */
class JdbcTransactionsTest {
    /** pgjdbc's error when PostgreSQL shuts down under a session (pg_ctl stop -m fast). */
    private final SQLException adminShutdown = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    /** HikariCP's error on a connection it has already marked broken (no SQLSTATE). */
    private final SQLException hikariClosed = new SQLException("Connection is closed");

    private final SqlSession session = mock(SqlSession.class);
    private JdbcTransactions transactions;

    @BeforeEach
    void factory() {
        SqlSessionFactory factory = mock(SqlSessionFactory.class);
        org.mockito.Mockito.lenient().when(factory.openSession(ExecutorType.REUSE, false)).thenReturn(session);
        org.mockito.Mockito.lenient().when(factory.openSession(true)).thenReturn(session);
        // the store over the session: no databaseId, so it writes at once (no held-back writes)
        org.mockito.Mockito.lenient().when(session.getConfiguration()).thenReturn(new org.apache.ibatis.session.Configuration());
        transactions = new JdbcTransactions(factory);
    }

    @Test
    void a_connection_lost_during_a_call_reaches_the_caller_as_database_unavailable_with_the_failed_rollback_suppressed() {
        PersistenceException lost = new PersistenceException("### Error updating database.  Cause: " + adminShutdown, adminShutdown);
        PersistenceException rollbackFailed = new PersistenceException("Error rolling back transaction.  Cause: " + hikariClosed, hikariClosed);
        doThrow(rollbackFailed).when(session).rollback(true);

        assertThatThrownBy(() -> transactions.execute(s -> {
            throw lost;
        })).isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("the database was unreachable (SQLSTATE 57P01: FATAL: terminating connection"
                    + " due to administrator command); nothing was changed by this call: make it again once the database is back");
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getCause()).isSameAs(lost);
            assertThat(e.getSuppressed()).containsExactly(rollbackFailed);
        });
        verify(session).close();
    }

    @Test
    void a_connection_lost_while_committing_says_the_outcome_is_unknown() {
        SQLException io = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        PersistenceException commitFailed = new PersistenceException("Error committing transaction.  Cause: " + io, io);
        doThrow(commitFailed).when(session).commit(true);

        assertThatThrownBy(() -> transactions.execute(s -> "done")).isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("the database became unreachable while committing the call (SQLSTATE 08006:"
                    + " An I/O error occurred while sending to the backend.); the outcome is unknown: the call may or may not"
                    + " have taken effect, reload the task or instance to see which before acting again");
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e.getCause()).isSameAs(commitFailed);
            assertThat(e.getSuppressed()).isEmpty(); // the rollback after it went through
        });
        verify(session).rollback(true);
    }

    @Test
    void a_failure_that_is_not_about_the_connection_reaches_the_caller_as_it_was_even_when_the_rollback_fails() {
        OptimisticLockException conflict = new OptimisticLockException("pf_task", 7, 2, org.plantflow.approval.ApprovalException.Subject.NONE);
        PersistenceException rollbackFailed = new PersistenceException("Error rolling back transaction.  Cause: " + hikariClosed, hikariClosed);
        doThrow(rollbackFailed).when(session).rollback(true);

        assertThatThrownBy(() -> transactions.execute(s -> {
            throw conflict;
        })).isSameAs(conflict);
        assertThat(conflict.getSuppressed()).containsExactly(rollbackFailed);
    }

    @Test
    void a_unique_key_violation_is_not_taken_for_a_lost_connection() {
        SQLException duplicate = new SQLException("ERROR: duplicate key value violates unique constraint \"uq_pf_instance_running\"", "23505");
        PersistenceException failure = new PersistenceException(duplicate);

        assertThatThrownBy(() -> transactions.execute(s -> {
            throw failure;
        })).isSameAs(failure);
    }

    @Test
    void an_error_from_the_call_is_thrown_as_it_was_with_the_failed_rollback_suppressed() {
        StackOverflowError error = new StackOverflowError();
        PersistenceException rollbackFailed = new PersistenceException(hikariClosed);
        doThrow(rollbackFailed).when(session).rollback(true);

        assertThatThrownBy(() -> transactions.execute(s -> {
            throw error;
        })).isSameAs(error);
        assertThat(error.getSuppressed()).containsExactly(rollbackFailed);
    }

    @Test
    void a_read_that_gets_no_connection_from_the_pool_reaches_the_caller_as_database_unavailable() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "plantflow - Connection is not available, request timed out after 30000ms (total=0, active=0, idle=0, waiting=0)");
        PersistenceException failure = new PersistenceException("### Error querying database.  Cause: " + timeout, timeout);

        assertThatThrownBy(() -> transactions.read(s -> {
            throw failure;
        })).isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("the database was unreachable (plantflow - Connection is not available, request"
                    + " timed out after 30000ms (total=0, active=0, idle=0, waiting=0)); nothing was changed by this call: make it"
                    + " again once the database is back");
            assertThat(e.getCause()).isSameAs(failure);
        });
    }

    @Test
    void a_lost_connection_is_found_behind_wrappers_and_among_a_batchs_next_exceptions() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 update pf_task ... was aborted", "25P02", 0, new int[0], null);
        SQLException closed = new SQLException("This connection has been closed.", "08003");
        batch.setNextException(closed);
        RuntimeException wrapped = new IllegalStateException("while writing", new PersistenceException(batch));

        assertThat(DatabaseFailures.connectionFailure(wrapped)).isSameAs(closed);
        assertThat(DatabaseFailures.isConnectionFailure(new PersistenceException(hikariClosed))).isTrue();
        assertThat(DatabaseFailures.isConnectionFailure(new PersistenceException(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(DatabaseFailures.isConnectionFailure(new PersistenceException(new SQLException("deadlock detected", "40P01")))).isFalse();
        assertThat(DatabaseFailures.isConnectionFailure(new IllegalArgumentException("no SQL at all"))).isFalse();
    }

    @Test
    void a_failure_already_translated_is_not_wrapped_again() {
        DatabaseUnavailableException inner = new DatabaseUnavailableException("the database was unreachable (x)", false,
                new PersistenceException(adminShutdown));

        assertThatThrownBy(() -> transactions.execute(s -> {
            throw inner;
        })).isSameAs(inner);
    }
}
