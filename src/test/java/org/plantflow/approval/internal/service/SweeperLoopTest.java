package org.plantflow.approval.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.SweepResult;
import org.plantflow.approval.testsupport.MutableClock;

/**
 * The engine's own sweeper loop, without a database: what it sweeps as of, that it survives a failing sweep, never
 * runs two sweeps at once, and that close() stops the thread (waiting for a running sweep, but not for ever).
 */
class SweeperLoopTest {
    static final Duration SHORT = Duration.ofMillis(20);
    static final SweepResult NONE = new SweepResult(0, 0, List.of());

    private SweeperLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst().orElse(null);
    }

    @Test
    void it_sweeps_as_of_the_engines_clock_on_one_daemon_thread_named_for_the_node() throws Exception {
        MutableClock clock = new MutableClock("2030-03-01T08:00:00Z");
        List<Instant> asOf = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        loop = SweeperLoop.start((at, stopping) -> {
            asOf.add(at);
            threads.add(Thread.currentThread().getName());
            clock.advance(Duration.ofHours(1));
            twice.countDown();
            return NONE;
        }, clock, SHORT, "node-a");

        assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
        loop.close();
        assertThat(asOf.subList(0, 2)).containsExactly(Instant.parse("2030-03-01T08:00:00Z"), Instant.parse("2030-03-01T09:00:00Z"));
        assertThat(threads).containsOnly("plantflow-sweeper-node-a");
    }

    @Test
    void the_sweeper_thread_is_a_daemon_and_is_gone_after_close() {
        loop = SweeperLoop.start((at, stopping) -> NONE, Clock.systemUTC(), Duration.ofHours(1), "node-daemon");
        Thread t = thread("plantflow-sweeper-node-daemon");
        assertThat(t).isNotNull();
        assertThat(t.isDaemon()).isTrue();

        loop.close();

        assertThat(thread("plantflow-sweeper-node-daemon")).isNull();
        assertThat(loop.running()).isFalse();
    }

    @Test
    void a_zero_interval_starts_no_thread_and_never_sweeps() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        loop = SweeperLoop.start((at, stopping) -> {
            calls.incrementAndGet();
            return NONE;
        }, Clock.systemUTC(), Duration.ZERO, "node-off");
        Thread.sleep(100);
        assertThat(thread("plantflow-sweeper-node-off")).isNull();
        assertThat(loop.running()).isFalse();
        assertThat(calls).hasValue(0);
    }

    @Test
    void a_sweep_that_throws_is_logged_and_the_loop_goes_on() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        loop = SweeperLoop.start((at, stopping) -> {
            third.countDown();
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            if (calls.get() == 2) {
                throw new AssertionError("even an Error does not end the loop");
            }
            return NONE;
        }, Clock.systemUTC(), SHORT, "node-throws");

        assertThat(third.await(10, TimeUnit.SECONDS)).as("sweeps after two failures").isTrue();
    }

    @Test
    void sweeps_never_overlap_even_when_one_takes_longer_than_the_interval() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch five = new CountDownLatch(5);
        loop = SweeperLoop.start((at, stopping) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            five.countDown();
            return NONE;
        }, Clock.systemUTC(), Duration.ofMillis(1), "node-overlap");

        assertThat(five.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most).hasValue(1);
    }

    @Test
    void close_asks_a_running_sweep_to_stop_claiming_and_waits_for_it_to_finish() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawStop = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        loop = SweeperLoop.start((at, stopping) -> {
            started.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!stopping.getAsBoolean() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            sawStop.set(stopping.getAsBoolean());
            try {
                Thread.sleep(200); // the batch it already claimed
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted although it finished within the close wait");
            }
            finished.set(true);
            return NONE;
        }, Clock.systemUTC(), SHORT, "node-close");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        loop.close();

        assertThat(sawStop).isTrue();
        assertThat(finished).as("close returned after the running sweep finished").isTrue();
        assertThat(thread("plantflow-sweeper-node-close")).isNull();
    }

    @Test
    void close_interrupts_a_sweep_that_outlasts_the_close_wait_and_returns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        loop = SweeperLoop.start((at, stopping) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return NONE;
        }, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), SHORT, "node-stuck", Duration.ofMillis(200));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        loop.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(tookMs).isBetween(150L, 5_000L);
        assertThat(interrupted).isTrue();
        assertThat(thread("plantflow-sweeper-node-stuck")).isNull();
    }
}
