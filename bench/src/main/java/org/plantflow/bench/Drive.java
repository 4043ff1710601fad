package org.plantflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;

/** Runs users against an engine on several threads and measures. */
final class Drive {
    private Drive() {
    }

    /** One timed run: N instances driven to completion. Latencies in microseconds. */
    record Run(String engine, int threads, int instances, long completions, double seconds, Histogram complete,
               Histogram query, Histogram start, Map<String, Long> historyDelta, Map<String, Long> allDelta) {
        double instancesPerSecond() {
            return instances / seconds;
        }

        double completionsPerSecond() {
            return completions / seconds;
        }
    }

    static Histogram histogram() {
        return new Histogram(60_000_000L, 3); // up to 60 s in microseconds
    }

    /**
     * Drives {@code n} instances: the clerk starts one, then each user of {@link Driver#STEPS} queries their pending
     * list, finds the instance's task and completes it. Each thread works on one instance at a time.
     *
     * @param label non-null: count SQL statements under label + ":start" / ":pending" / ":pass"
     */
    static Run run(Driver d, int n, int threads, String prefix, String label) throws InterruptedException {
        Map<String, Long> histBefore = d.historyRows();
        Map<String, Long> allBefore = d.allRows();
        AtomicInteger next = new AtomicInteger();
        AtomicLong completions = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ConcurrentLinkedQueue<Histogram[]> hists = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Thread t = new Thread(() -> {
                Histogram complete = histogram();
                Histogram query = histogram();
                Histogram start = histogram();
                hists.add(new Histogram[] {complete, query, start});
                ready.countDown();
                try {
                    go.await();
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                        label(label, "start");
                        long t0 = System.nanoTime();
                        String id = d.start(prefix + i);
                        start.recordValue((System.nanoTime() - t0) / 1000);
                        for (Driver.Step s : Driver.STEPS) {
                            label(label, "pending");
                            long q0 = System.nanoTime();
                            String task = d.findTask(s, id);
                            long q1 = System.nanoTime();
                            query.recordValue((q1 - q0) / 1000);
                            if (task == null) {
                                throw new IllegalStateException(d.name() + ": no task at " + s.node() + " for " + s.user()
                                        + " in instance " + id + " (" + prefix + i + "); open tasks: " + d.openTasks(id));
                            }
                            label(label, "pass");
                            long c0 = System.nanoTime();
                            d.complete(s, task);
                            complete.recordValue((System.nanoTime() - c0) / 1000);
                            completions.incrementAndGet();
                        }
                        SqlCounter.label(null);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    SqlCounter.label(null);
                }
            }, d.name() + "-user-" + w);
            workers.add(t);
            t.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(d.name() + " run failed: " + failure.get(), failure.get());
        }
        long done = d.finished(prefix);
        if (done != n) {
            throw new IllegalStateException(d.name() + ": " + done + " of " + n + " instances " + prefix + "* ended");
        }
        Histogram complete = histogram();
        Histogram query = histogram();
        Histogram start = histogram();
        for (Histogram[] h : hists) {
            complete.add(h[0]);
            query.add(h[1]);
            start.add(h[2]);
        }
        return new Run(d.name(), threads, n, completions.get(), seconds, complete, query, start,
                Db.minus(d.historyRows(), histBefore), Db.minus(d.allRows(), allBefore));
    }

    private static void label(String label, String op) {
        if (label != null) {
            SqlCounter.label(label + ":" + op);
        }
    }

    /** A loop of passes only (the floor's counterpart): passes/s and latency of one pass. */
    record Passes(String what, int threads, long passes, double seconds, Histogram latency, long clientCpuNanos,
                  long serverCpuNanos, long allocatedBytes) {
        Passes(String what, int threads, long passes, double seconds, Histogram latency, long clientCpuNanos, long serverCpuNanos) {
            this(what, threads, passes, seconds, latency, clientCpuNanos, serverCpuNanos, -1);
        }

        /** CPU time of the PostgreSQL server processes per pass, in microseconds (NaN when not measurable). */
        double serverCpuMicrosPerPass() {
            return serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1000.0 / passes;
        }

        double perSecond() {
            return passes / seconds;
        }

        /** CPU time of the benchmark's worker threads (engine + JDBC driver, JVM side) per pass, in microseconds. */
        double clientCpuMicrosPerPass() {
            return clientCpuNanos / 1000.0 / passes;
        }

        /** Heap allocated by the worker threads per pass, in bytes (NaN when not measured). */
        double allocatedBytesPerPass() {
            return allocatedBytes < 0 ? Double.NaN : allocatedBytes / (double) passes;
        }
    }

    static long threadCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Bytes the current thread has allocated so far (HotSpot), -1 when the JVM cannot tell. */
    static long threadAllocated() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** Called just before the timed part of a pass loop starts and just after it ends (untimed, on the calling thread). */
    interface Probe {
        void before() throws Exception;

        void after() throws Exception;
    }

    /**
     * plantflow passes in a loop, no pending-list queries: {@code n} instances are started first (untimed), then
     * each thread passes its instances' open tasks one after another, taking the next task from the view the pass
     * returns, until the instance ends (6 passes per instance).
     */
    static Passes passLoop(PlantflowDriver d, int n, int threads, String prefix) throws Exception {
        return passLoop(d, n, threads, prefix, null);
    }

    /** As {@link #passLoop(PlantflowDriver, int, int, String)}, with {@code probe} (may be null) around the timed part. */
    static Passes passLoop(PlantflowDriver d, int n, int threads, String prefix, Probe probe) throws Exception {
        ConcurrentLinkedQueue<InstanceView> started = new ConcurrentLinkedQueue<>();
        parallel(threads, n, i -> started.add(d.engine().start(PlantflowDriver.KEY, prefix + i, "zhang.clerk",
                Map.of("amount", Driver.AMOUNT, "supplier", "Shenhua"))));
        AtomicLong passes = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        AtomicLong alloc = new AtomicLong();
        ConcurrentLinkedQueue<Histogram> hists = new ConcurrentLinkedQueue<>();
        if (probe != null) {
            probe.before();
        }
        long s0 = ServerCpu.nanos();
        long t0 = System.nanoTime();
        parallelWorkers(threads, "pass-loop", () -> {
            Histogram h = histogram();
            hists.add(h);
            long c0 = threadCpu();
            long a0 = threadAllocated();
            InstanceView v;
            while ((v = started.poll()) != null) {
                while (v.status() == InstanceStatus.RUNNING) {
                    TaskView t = v.openTasks().get(0);
                    Driver.Step s = stepFor(t);
                    long p0 = System.nanoTime();
                    v = d.pass(t.id(), s);
                    h.recordValue((System.nanoTime() - p0) / 1000);
                    passes.incrementAndGet();
                }
            }
            cpu.addAndGet(threadCpu() - c0);
            long a1 = threadAllocated();
            alloc.addAndGet(a0 < 0 || a1 < 0 ? Long.MIN_VALUE / 4 : a1 - a0);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long s1 = ServerCpu.nanos();
        if (probe != null) {
            probe.after();
        }
        Histogram all = histogram();
        hists.forEach(all::add);
        long done = d.finished(prefix);
        if (done != n) {
            throw new IllegalStateException("plantflow pass loop: " + done + " of " + n + " instances ended");
        }
        return new Passes("plantflow pass", threads, passes.get(), seconds, all, cpu.get(), s1 < 0 ? -1 : s1 - s0,
                alloc.get() < 0 ? -1 : alloc.get());
    }

    static Driver.Step stepFor(TaskView t) {
        if (t.nodeId().equals("leadership_vote")) {
            String user = t.candidates().stream().filter(c -> c.startsWith("user:")).findFirst().orElseThrow().substring(5);
            return new Driver.Step(t.nodeId(), user, List.of());
        }
        return Driver.STEPS.stream().filter(s -> s.node().equals(t.nodeId())).findFirst().orElseThrow();
    }

    interface IntTask {
        void run(int i) throws Exception;
    }

    interface Work {
        void run() throws Exception;
    }

    /** Runs task(0..n-1) on {@code threads} threads. */
    static void parallel(int threads, int n, IntTask task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        parallelWorkers(threads, "bench-worker", () -> {
            int i;
            while ((i = next.getAndIncrement()) < n) {
                task.run(i);
            }
        });
    }

    static void parallelWorkers(int threads, String name, Work work) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Thread t = new Thread(() -> {
                try {
                    work.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + w);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get().toString(), failure.get());
        }
    }
}
