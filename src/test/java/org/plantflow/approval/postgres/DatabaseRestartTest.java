package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DatabaseUnavailableException;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskNotOpenException;
import org.plantflow.approval.TaskView;

/**
 * PostgreSQL restarted under load (issue 10, item 8): a server of its own that the test stops and starts again on
 * the same port and data directory, an engine built on it with {@code jdbcUrl(..)} (its own pool), and threads passing
 * tasks all the while. Every failure a caller sees is a {@link DatabaseUnavailableException} that says what happened
 * to the call and carries the driver's error as its cause; no task is passed twice or lost; afterwards the engine
 * works again without being rebuilt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRestartTest {
    private static final int WORKERS = 3;
    private static final Map<String, String> ROLE_OF_NODE = Map.of("draft", "fuel_clerk",
            "fuel_manager_review", "fuel_manager", "finance_review", "finance", "general_manager_approval", "general_manager");
    private static final Pattern BEFORE_COMMIT = Pattern.compile(
            "the database was unreachable \\((.+)\\); nothing was changed by this call: make it again once the database is back");
    private static final Pattern WHILE_COMMITTING = Pattern.compile(
            "the database became unreachable while committing the call \\((.+)\\); the outcome is unknown: the call may or"
                    + " may not have taken effect, reload the task or instance to see which before acting again");

    private Path dataDirectory;
    private int port;
    private EmbeddedPostgres server;
    private ApprovalEngine engine;
    private final CountDownLatch heldCallInAction = new CountDownLatch(1);
    private final CountDownLatch releaseHeldCall = new CountDownLatch(1);

    @BeforeAll
    void startServerAndEngine() throws IOException {
        Path workDir = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        dataDirectory = workDir.resolve("plantflow-restart-" + UUID.randomUUID());
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = start(); // keeps the data directory when stopped: the restart uses it again
        engine = ApprovalEngine.builder().jdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres")
                .action("printContract", ctx -> { // only the held call's template has this node
                    heldCallInAction.countDown();
                    releaseHeldCall.await(20, TimeUnit.SECONDS);
                })
                .build();
        engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
        engine.deploy(Path.of("src/test/resources/logic/automatic.bpmn"));
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
        if (dataDirectory != null && Files.exists(dataDirectory)) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** initdb on the first start only (zonky runs it when postgresql.conf is missing, or always when cleaning). */
    private EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setPort(port).setCleanDataDirectory(false).start();
    }

    @Test
    void calls_in_flight_when_postgresql_restarts_fail_with_database_unavailable_and_nothing_is_passed_twice_or_lost() throws Exception {
        // a call that is inside its transaction (holding its instance lock, in a host action) when the server stops
        InstanceView held = engine.start("automatic", "HELD-1", "zhang.clerk", Map.of());
        long heldTask = held.openTasks().get(0).id();
        List<String> heldHistoryBefore = strings("select action || ':' || coalesce(from_node, '') from pf_history where instance_id = ? order by id", held.id());

        ExecutorService threads = Executors.newFixedThreadPool(WORKERS + 1);
        List<Worker> workers = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int n = 0; n < WORKERS; n++) {
                Worker w = new Worker(n);
                workers.add(w);
                running.add(threads.submit(w));
            }
            Future<Object> heldCall = threads.submit(() -> {
                try {
                    return engine.pass(heldTask, Actor.of("wang.manager", "fuel_manager"), "held across the restart");
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(heldCallInAction.await(20, TimeUnit.SECONDS)).as("held call reached its action").isTrue();
            waitFor(() -> workers.stream().allMatch(w -> w.successes > 5), "workers under way");

            server.close(); // pg_ctl stop -m fast: in-flight transactions are rolled back, connections terminated
            releaseHeldCall.countDown();
            Object heldOutcome = heldCall.get(20, TimeUnit.SECONDS);
            Thread.sleep(500); // down for a while: calls wait for a connection, or fail on the ones they hold
            server = start();
            for (Worker w : workers) {
                w.restarted = true;
            }
            waitFor(() -> workers.stream().allMatch(w -> w.successesAfterRestart >= 5), "workers passing again after the restart");
            for (Worker w : workers) {
                w.stop = true;
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }

            // the held call: told the database was unreachable and that nothing was changed, which is true
            assertThat(heldOutcome).isInstanceOf(DatabaseUnavailableException.class);
            DatabaseUnavailableException heldFailure = (DatabaseUnavailableException) heldOutcome;
            assertThat(heldFailure.outcomeUnknown()).isFalse();
            assertMessageAndCause(heldFailure);
            assertThat(strings("select status from pf_task where id = ?", heldTask)).containsExactly("OPEN");
            assertThat(strings("select action || ':' || coalesce(from_node, '') from pf_history where instance_id = ? order by id", held.id()))
                    .as("history of the held call's instance").isEqualTo(heldHistoryBefore);
            assertThat(strings("select node_id || ':' || status from pf_activation where instance_id = ? order by id", held.id()))
                    .containsExactly("approve:ACTIVE");
            // ... and the engine takes the same call again
            InstanceView retried = engine.pass(heldTask, Actor.of("wang.manager", "fuel_manager"), "again");
            assertThat(retried.openTasks()).extracting(TaskView::nodeId).containsExactly("archive");
        } finally {
            releaseHeldCall.countDown();
            for (Worker w : workers) {
                w.stop = true;
            }
            threads.shutdownNow();
            threads.awaitTermination(20, TimeUnit.SECONDS);
        }

        List<Throwable> failures = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        List<Long> instances = new ArrayList<>();
        for (Worker w : workers) {
            failures.addAll(w.failures);
            violations.addAll(w.violations);
            instances.addAll(w.instances);
        }
        System.out.printf("[DatabaseRestartTest] %d passes and starts succeeded, %d failed: %s%n",
                workers.stream().mapToInt(w -> w.successes).sum(), failures.size(),
                failures.stream().map(DatabaseRestartTest::kind).distinct().toList());
        assertThat(violations).as("calls that broke a promise").isEmpty();
        assertThat(failures).as("every failure a caller saw").allSatisfy(f -> {
            assertThat(f).isInstanceOf(DatabaseUnavailableException.class);
            assertMessageAndCause((DatabaseUnavailableException) f);
        });

        // nothing passed twice, nothing lost
        try (Connection c = connect()) {
            for (long id : instances) {
                assertThat(strings(c, "select task_id from pf_history where instance_id = ? and action = 'PASS'"
                        + " group by task_id having count(*) > 1", id)).as("tasks of instance " + id + " passed twice").isEmpty();
                long passes = count(c, "select count(*) from pf_history where instance_id = ? and action = 'PASS'", id);
                long completed = count(c, "select count(*) from pf_task where instance_id = ? and status = 'COMPLETED'", id);
                long open = count(c, "select count(*) from pf_task where instance_id = ? and status = 'OPEN'", id);
                long tasks = count(c, "select count(*) from pf_task where instance_id = ?", id);
                assertThat(completed).as("completed tasks of instance " + id + " vs PASS rows").isEqualTo(passes);
                assertThat(open).as("open tasks of instance " + id).isLessThanOrEqualTo(1);
                assertThat(tasks).as("tasks of instance " + id).isEqualTo(completed + open);
                assertThat(count(c, "select count(*) from pf_history h join pf_task t on t.id = h.task_id"
                        + " where h.instance_id = ? and h.action = 'PASS' and t.status <> 'COMPLETED'", id))
                        .as("PASS rows of tasks that are not completed, instance " + id).isZero();
            }
            for (Worker w : workers) {
                for (long task : w.passedTasks) {
                    assertThat(strings(c, "select status from pf_task where id = ?", task)).as("task " + task + " a caller saw passed")
                            .containsExactly("COMPLETED");
                }
            }
        }
    }

    /** "the database was unreachable (SQLSTATE 57P01: FATAL: terminating connection ...); nothing was changed ..." */
    private static void assertMessageAndCause(DatabaseUnavailableException e) {
        Matcher m = (e.outcomeUnknown() ? WHILE_COMMITTING : BEFORE_COMMIT).matcher(e.getMessage());
        assertThat(m.matches()).as("message: " + e.getMessage()).isTrue();
        String reason = m.group(1);
        assertThat(e.getCause()).as("the original failure").isNotNull();
        List<String> sqlErrors = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String first = sql.getMessage().strip().lines().findFirst().orElse("").strip();
                sqlErrors.add(sql.getSQLState() == null ? first : "SQLSTATE " + sql.getSQLState() + ": " + first);
            }
        }
        assertThat(sqlErrors).as("the reason in the message is the driver's error in the cause").contains(reason);
        assertThat(reason).matches("SQLSTATE (08...|57P0[123]): .+|Connection is closed"); // the last: HikariCP, no SQLSTATE
    }

    private static String kind(Throwable t) {
        if (t instanceof DatabaseUnavailableException d) {
            Matcher m = (d.outcomeUnknown() ? WHILE_COMMITTING : BEFORE_COMMIT).matcher(d.getMessage());
            return (d.outcomeUnknown() ? "while committing: " : "before commit: ") + (m.matches() ? m.group(1) : d.getMessage())
                    + (d.getSuppressed().length > 0 ? " (+ failed rollback)" : "");
        }
        return t.toString();
    }

    /** Starts instances of the linear contract and passes their tasks one after another, until told to stop. */
    private final class Worker implements Runnable {
        final int n;
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final List<Long> instances = Collections.synchronizedList(new ArrayList<>());
        final List<Long> passedTasks = Collections.synchronizedList(new ArrayList<>());
        volatile int successes;
        volatile int successesAfterRestart;
        volatile boolean restarted;
        volatile boolean stop;

        Worker(int n) {
            this.n = n;
        }

        @Override
        public void run() {
            InstanceView current = null;
            int keys = 0;
            boolean lastPassUnknown = false;
            while (!stop) {
                try {
                    if (current == null || current.openTasks().isEmpty()) {
                        current = engine.start("linear-contract", "RESTART-" + n + "-" + (++keys), "zhang.clerk", Map.of());
                        instances.add(current.id());
                    } else {
                        TaskView task = current.openTasks().get(0);
                        try {
                            current = engine.pass(task.id(), Actor.of("user" + n, ROLE_OF_NODE.get(task.nodeId())), null);
                            passedTasks.add(task.id());
                        } catch (TaskNotOpenException e) {
                            // only after a commit whose outcome was unknown: it took effect after all
                            if (!lastPassUnknown) {
                                violations.add("task " + task.id() + " was closed though no call passed it: " + e.getMessage());
                                return;
                            }
                            passedTasks.add(task.id());
                            current = engine.instance(current.id());
                        }
                        lastPassUnknown = false;
                    }
                    successes++;
                    if (restarted) {
                        successesAfterRestart++;
                    }
                } catch (DatabaseUnavailableException e) {
                    failures.add(e);
                    if (current != null && !current.openTasks().isEmpty()) {
                        lastPassUnknown |= e.outcomeUnknown(); // a start failing leaves current null: a new key next time
                    }
                    pause();
                } catch (RuntimeException e) {
                    failures.add(e);
                    pause();
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
    }

    private List<String> strings(String sql, long id) throws SQLException {
        try (Connection c = connect()) {
            return strings(c, sql, id);
        }
    }

    private static List<String> strings(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    private static long count(Connection c, String sql, long id) throws SQLException {
        return Long.parseLong(strings(c, sql, id).get(0));
    }
}
