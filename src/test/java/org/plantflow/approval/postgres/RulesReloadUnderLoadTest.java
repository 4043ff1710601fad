package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.testsupport.TestPostgres;
import org.plantflow.approval.testsupport.TestRules;

/**
 * {@code reloadRules()} while the engine is busy, on a real PostgreSQL: four threads start and finish instances
 * (the or-split template, whose branch a template rule decides from the amount, and the linear fuel contract)
 * while the test thread rewrites that template rule with a new threshold and reloads, alternately with a file
 * that does not compile. A valid reload swaps the rules atomically (a decision uses either the old or the new
 * rule, never none and never a mix); a broken one is refused with {@link RulesInvalidException} and the rules
 * before it keep deciding. No call may fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesReloadUnderLoadTest {
    private static final int WORKERS = 4;
    private static final int RELOADS = 20;
    private static final long MIN_LOAD_MILLIS = 3_000;
    /** Between two instances of a worker: leaves the reloads (CPU-bound Drools compiles) room on small machines. */
    private static final long WORKER_PAUSE_MILLIS = 40;
    private static final String RULE_FILE = "or-split/amount.drl";
    private static final String DEFAULT_FLOW_RULE = "core: an exclusive gateway takes its default flow when no rule chose a branch";
    /** Odd reloads are valid, each with the next variant: the last reload installs this one. */
    private static final int FINAL_VARIANT = RELOADS / 2;
    private static final Pattern VARIANT_RULE = Pattern.compile("^reload v(\\d+): ");

    private static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    private static final Actor MANAGER = Actor.of("wang.manager", "fuel_manager");
    private static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    private static final Actor GM = Actor.of("chen.gm", "general_manager");
    private static final Actor ARCHIVIST = Actor.of("an.archivist", "archivist");

    private DataSource dataSource;
    private ApprovalEngine engine;
    private Path rules;

    /** The newest variant certainly serving (set after its reload returned). */
    private final AtomicInteger oldestPossible = new AtomicInteger();
    /** The newest variant that may be serving (set before its reload starts). */
    private final AtomicInteger newestPossible = new AtomicInteger();
    private final AtomicInteger keys = new AtomicInteger();

    @BeforeAll
    void setUp() throws Exception {
        Path extra = Files.createTempDirectory("plantflow-reload-extra-");
        Files.createDirectories(extra.resolve("or-split"));
        Files.writeString(extra.resolve(RULE_FILE), variant(0));
        rules = TestRules.shippedPlus(extra);
        dataSource = TestPostgres.newSchemaDataSource("reload");
        engine = ApprovalEngine.builder().dataSource(dataSource).rulesDirectory(rules).build();
        engine.deploy(Path.of("src/test/resources/logic/or-split.bpmn"));
        engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
    }

    @AfterAll
    void tearDown() {
        engine.close();
        ((HikariDataSource) dataSource).close();
    }

    // ------------------------------------------------------------------ rule variants

    /** Thresholds of the variants: 1, 4, 2, 5, 3 million, repeating. */
    static long threshold(int variant) {
        return ((variant * 3L) % 5 + 1) * 1_000_000L;
    }

    static String ruleName(int variant) {
        return "reload v" + variant + ": contracts above " + threshold(variant) + " go to the general manager";
    }

    static String variant(int v) {
        return """
                // reload variant %d of the or-split template rule
                package org.plantflow.rules.test.orsplit

                import org.plantflow.approval.facts.*;

                rule "%s"
                when
                    RouteQuestion( nodeId == "amount_check" )
                    Variable( name == "amount", number > %d )
                then
                    insert( new Route( "to_gm", "general_manager" ) );
                end
                """.formatted(v, ruleName(v), threshold(v));
    }

    /** An analyst's edit that does not compile: a syntax error, or a fact type that does not exist. */
    static String broken(int n) {
        String condition = n % 2 == 0 ? "Variable( name == \"amount\", number > )" : "NoSuchFact( amount > 1 )";
        return """
                // broken edit %d
                package org.plantflow.rules.test.orsplit

                import org.plantflow.approval.facts.*;

                rule "reload broken %d"
                when
                    RouteQuestion( nodeId == "amount_check" )
                    %s
                then
                    insert( new Route( "to_gm", "general_manager" ) );
                end
                """.formatted(n, n, condition);
    }

    // ------------------------------------------------------------------ the test

    @Test
    void reloading_valid_and_broken_rules_under_load_never_fails_a_decision_and_the_last_valid_rules_decide()
            throws Exception {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger byVariantRule = new AtomicInteger();
        AtomicInteger byDefaultFlow = new AtomicInteger();
        AtomicInteger decidedAfterLastReload = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
        long begin = System.nanoTime();
        int lastValid = 0;
        int brokenRefused = 0;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                workers.add(threads.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String what = "worker " + worker + " iteration " + n;
                        try {
                            started.incrementAndGet();
                            if (n % 3 == 2) {
                                fuelContract("RELOAD-FPC-" + worker + "-" + n);
                            } else {
                                long amount = ThreadLocalRandom.current().nextLong(0, 6_000_001);
                                int lo = oldestPossible.get();
                                Decided d = orSplit("RELOAD-OR-" + worker + "-" + n, amount);
                                int hi = newestPossible.get();
                                String problem = checkDecision(d, amount, lo, hi);
                                if (problem != null) {
                                    failures.add(what + ": " + problem);
                                }
                                (d.variant() == null ? byDefaultFlow : byVariantRule).incrementAndGet();
                                if (lo == FINAL_VARIANT) {
                                    decidedAfterLastReload.incrementAndGet();
                                }
                            }
                            completed.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(what + ": " + e);
                        }
                        pause(WORKER_PAUSE_MILLIS);
                    }
                }));
            }

            long reloadNanos = 0;
            for (int r = 0; r < RELOADS; r++) {
                if (r % 2 == 1) { // valid; the last reload (r = RELOADS - 1) is a valid one
                    int v = lastValid + 1;
                    Files.writeString(rules.resolve(RULE_FILE), variant(v));
                    newestPossible.set(v);
                    long t0 = System.nanoTime();
                    engine.reloadRules();
                    reloadNanos += System.nanoTime() - t0;
                    oldestPossible.set(v);
                    lastValid = v;
                } else {
                    Files.writeString(rules.resolve(RULE_FILE), broken(r / 2));
                    long t0 = System.nanoTime();
                    assertThatThrownBy(engine::reloadRules).as("reload %d of a broken file", r)
                            .isInstanceOf(RulesInvalidException.class)
                            .satisfies(e -> assertThat(((RulesInvalidException) e).problems()).isNotEmpty()
                                    .allSatisfy(p -> assertThat(p.file()).isEqualTo(RULE_FILE))
                                    .extracting(RuleProblem::line).allSatisfy(l -> assertThat(l).isPositive()));
                    reloadNanos += System.nanoTime() - t0;
                    brokenRefused++;
                }
                // whatever the last reload did, the last valid variant decides (checked with an amount above all thresholds)
                Decided check = orSplit("RELOAD-CHECK-" + r, 9_000_000);
                assertThat(check.variant()).as("variant deciding after reload %d (%s)", r, check.rulesFired()).isEqualTo(lastValid);
                Thread.sleep(Math.max(0, (MIN_LOAD_MILLIS - millisSince(begin)) / (RELOADS - r) - 50));
            }
            // keep the load up until the workers have decided on the last valid rules a few times
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (decidedAfterLastReload.get() < 5 && System.nanoTime() < waitUntil && failures.isEmpty()) {
                Thread.sleep(20);
            }
            stop.set(true);
            for (Future<?> f : workers) {
                f.get(60, TimeUnit.SECONDS);
            }
            System.out.printf("[RulesReloadUnderLoadTest] %d reloads (%d refused) in %d ms of load, %d ms compiling; "
                            + "%d instances started, %d completed; or-split decided by a variant rule %d times, by the default flow %d times%n",
                    RELOADS, brokenRefused, millisSince(begin), TimeUnit.NANOSECONDS.toMillis(reloadNanos),
                    started.get(), completed.get(), byVariantRule.get(), byDefaultFlow.get());
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }

        assertThat(failures).as("failures in the worker threads").isEmpty();
        assertThat(brokenRefused).isEqualTo(RELOADS / 2);
        assertThat(started.get()).as("instances started under load").isGreaterThan(4 * WORKERS);
        assertThat(completed.get()).as("every started instance reached its end").isEqualTo(started.get());
        assertThat(byVariantRule.get()).as("or-split decisions taken by a reloaded rule").isPositive();
        assertThat(decidedAfterLastReload.get()).as("worker decisions on the last valid rules").isGreaterThanOrEqualTo(5);

        // after the last valid reload, its rule decides; its name is in the history
        InstanceView i = engine.start("or-split", "RELOAD-FINAL", CLERK.user(), Map.of("amount", 7_000_000));
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        assertThat(i.openTasks()).extracting(TaskView::nodeId).containsExactly("general_manager");
        assertThat(engine.history(i.id()).get(1).rulesFired()).contains(ruleName(lastValid));
        assertThat(lastValid).isEqualTo(FINAL_VARIANT);
    }

    // ------------------------------------------------------------------ workers' instances

    record Decided(Integer variant, List<String> rulesFired, String next) {
    }

    /** Starts an or-split instance, passes the draft (the decision), then finishes the instance. */
    private Decided orSplit(String businessKey, long amount) {
        InstanceView i = engine.start("or-split", businessKey, CLERK.user(), Map.of("amount", amount));
        i = engine.pass(at(i, "draft").id(), CLERK, "amount " + amount);
        List<HistoryEntry> h = engine.history(i.id());
        List<String> fired = h.get(1).rulesFired();
        List<Integer> variants = new ArrayList<>();
        for (String rule : fired) {
            Matcher m = VARIANT_RULE.matcher(rule);
            if (m.find()) {
                variants.add(Integer.parseInt(m.group(1)));
            }
        }
        assertThat(variants).as("template rules that fired for %s: %s", businessKey, fired).hasSizeLessThanOrEqualTo(1);
        assertThat(i.openTasks()).as(businessKey).hasSize(1);
        String next = i.openTasks().get(0).nodeId();
        i = engine.pass(i.openTasks().get(0).id(), next.equals("general_manager") ? GM : MANAGER, null);
        i = engine.pass(at(i, "archive").id(), ARCHIVIST, null);
        assertThat(i.status()).as(businessKey).isEqualTo(InstanceStatus.COMPLETED);
        return new Decided(variants.isEmpty() ? null : variants.get(0), fired, next);
    }

    private void fuelContract(String businessKey) {
        InstanceView i = engine.start("linear-contract", businessKey, CLERK.user(), Map.of("amount", 3_800_000));
        i = engine.pass(at(i, "draft").id(), CLERK, null);
        i = engine.pass(at(i, "fuel_manager_review").id(), MANAGER, null);
        i = engine.pass(at(i, "finance_review").id(), FINANCE, null);
        i = engine.pass(at(i, "general_manager_approval").id(), GM, null);
        assertThat(i.status()).as(businessKey).isEqualTo(InstanceStatus.COMPLETED);
    }

    /**
     * A decision taken while the rules were variant {@code lo} at the start of the call and at most {@code hi}
     * at its end must come from one of those variants, and agree with that variant's threshold.
     * @return what is wrong, or null
     */
    static String checkDecision(Decided d, long amount, int lo, int hi) {
        if (d.variant() != null) {
            int v = d.variant();
            if (v < lo || v > hi) {
                return "variant " + v + " decided, but only variants " + lo + ".." + hi + " could be serving: " + d;
            }
            if (amount <= threshold(v) || !d.next().equals("general_manager")) {
                return "variant " + v + " (threshold " + threshold(v) + ") routed amount " + amount + " to " + d.next() + ": " + d;
            }
            return null;
        }
        if (!d.rulesFired().contains(DEFAULT_FLOW_RULE) || !d.next().equals("manager")) {
            return "no template rule fired for amount " + amount + " but the route was not the default flow: " + d;
        }
        for (int v = lo; v <= hi; v++) {
            if (amount <= threshold(v)) {
                return null;
            }
        }
        return "amount " + amount + " is above the threshold of every variant " + lo + ".." + hi
                + " that could be serving, yet none fired: " + d;
    }

    static TaskView at(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no open task at " + node + " in " + i.openTasks()));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
