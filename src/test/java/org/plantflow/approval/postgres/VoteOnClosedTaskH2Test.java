package org.plantflow.approval.postgres;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The same race on H2, whose store reads the task and locks its instance in two steps: the task must be read again
 * after the lock (it was read before the wait and the loser got OptimisticLockException).
 */
class VoteOnClosedTaskH2Test extends VoteOnClosedTaskTest {
    @Override
    DataSource newDataSource() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:mem:vote_closed_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        c.setUsername("sa");
        c.setPassword("");
        c.setAutoCommit(false);
        return new HikariDataSource(c);
    }

    @Override
    void waitUntilACallWaitsForALock() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        org.springframework.jdbc.core.JdbcTemplate sessions = new org.springframework.jdbc.core.JdbcTemplate(dataSource());
        while (sessions.queryForObject("select count(*) from information_schema.sessions where blocker_id is not null",
                Integer.class) == 0) {
            org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as("a call waiting for the instance lock")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
