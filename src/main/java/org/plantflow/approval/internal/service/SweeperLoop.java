package org.plantflow.approval.internal.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.plantflow.approval.SweepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own deadline sweeper: one daemon thread, {@code plantflow-sweeper-<nodeName>}, that sweeps as of the
 * engine's clock every {@code interval} (the first sweep one interval after the start). Sweeps never overlap: the
 * next starts {@code interval} after the previous one ended. A sweep that throws is logged and the loop goes on.
 * {@link #close()} lets a running sweep finish its claimed batch (it claims no more) and waits for it up to
 * {@code closeWait}; after that it interrupts the thread and returns. Several engines on one database may all run a
 * loop: each overdue task is claimed in the database by one of them.
 */
final class SweeperLoop implements AutoCloseable {
    /** How long {@link #close()} waits for a running sweep before it interrupts it. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    static final String THREAD_PREFIX = "plantflow-sweeper-";

    private static final Logger LOG = LoggerFactory.getLogger(SweeperLoop.class);

    /** One sweep as of a time, which stops claiming when asked to. */
    @FunctionalInterface
    interface Sweep {
        SweepResult sweep(Instant asOf, BooleanSupplier stopping);
    }

    private final Sweep sweep;
    private final Clock clock;
    private final Duration interval;
    private final Duration closeWait;
    private final String threadName;
    private final ScheduledThreadPoolExecutor executor; // null: the loop is off
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile Instant lastSweepEnded;   // wall-clock (not the engine clock): for the sweeper's lag
    private volatile boolean lastSweepFailed;

    private SweeperLoop(Sweep sweep, Clock clock, Duration interval, String nodeName, Duration closeWait) {
        this.sweep = sweep;
        this.clock = clock;
        this.interval = interval;
        this.closeWait = closeWait;
        this.threadName = THREAD_PREFIX + nodeName;
        if (interval.isZero()) {
            this.executor = null;
            return;
        }
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long nanos = nanos(interval);
        executor.scheduleWithFixedDelay(this::sweepOnce, nanos, nanos, TimeUnit.NANOSECONDS);
        LOG.info("deadline sweeper {} started: every {}", threadName, interval);
    }

    /** Starts the loop; with a zero interval, a loop that does nothing (the host calls sweep itself). */
    static SweeperLoop start(Sweep sweep, Clock clock, Duration interval, String nodeName) {
        return start(sweep, clock, interval, nodeName, CLOSE_WAIT);
    }

    static SweeperLoop start(Sweep sweep, Clock clock, Duration interval, String nodeName, Duration closeWait) {
        return new SweeperLoop(sweep, clock, interval, nodeName, closeWait);
    }

    boolean running() {
        return executor != null && !executor.isShutdown();
    }

    Duration interval() {
        return interval;
    }

    /** When the last sweep of this loop ended (successfully or not), by the system clock; null before the first. */
    Instant lastSweepEnded() {
        return lastSweepEnded;
    }

    boolean lastSweepFailed() {
        return lastSweepFailed;
    }

    private void sweepOnce() {
        if (stopping) {
            return;
        }
        Instant asOf = null;
        try {
            asOf = clock.instant();
            SweepResult r = sweep.sweep(asOf, () -> stopping);
            if (r.claimed() > 0) {
                LOG.info("swept overdue tasks as of {}: claimed {}, acted on {}", asOf, r.claimed(), r.acted());
            } else {
                LOG.debug("swept overdue tasks as of {}: none", asOf);
            }
            lastSweepFailed = false;
            lastSweepEnded = Instant.now();
        } catch (Throwable e) { // the loop must outlive any one sweep; a rethrow would end it without a word
            lastSweepFailed = true;
            lastSweepEnded = Instant.now();
            if (stopping) {
                LOG.info("deadline sweep as of {} ended by close: {}", asOf, e.toString());
            } else {
                LOG.warn("deadline sweep as of {} failed; the next one runs in {}", asOf, interval, e);
            }
        }
    }

    /**
     * Stops the loop: no new sweep starts; a running one finishes the batch it claimed, waited for up to the close
     * wait, then interrupted. Does not wait when called from the sweeper thread itself (a listener closing the engine).
     */
    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        stopping = true;
        executor.shutdown();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!executor.awaitTermination(nanos(closeWait), TimeUnit.NANOSECONDS)) {
                LOG.warn("deadline sweeper {} still sweeping after {}; interrupting it (tasks it claimed and did not act "
                        + "on are taken up again when their claim lease runs out)", threadName, closeWait);
                executor.shutdownNow();
                executor.awaitTermination(1, TimeUnit.SECONDS);
            }
            Thread t = thread;
            if (t != null) {
                t.join(1000); // the pool is terminated; let its thread end too, so none is left behind when close returns
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
