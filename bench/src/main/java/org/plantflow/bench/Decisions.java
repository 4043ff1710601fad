package org.plantflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/** Part 4: runs {@link DecisionBench} with JMH (sample time for p50/p99, throughput for decisions/s). */
final class Decisions {
    private Decisions() {
    }

    static void run(BenchMain.Config cfg, Report r) throws Exception {
        String rules = Path.of(cfg.rules).toAbsolutePath().normalize().toString();
        String templates = Path.of(cfg.templates).toAbsolutePath().normalize().toString();
        System.setProperty("bench.rules", rules);
        System.setProperty("bench.templates", templates);
        Compare.log("part 4: JMH, rules from " + rules);
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(DecisionBench.class.getName() + ".routeDecision.*")
                .mode(Mode.SampleTime).mode(Mode.Throughput)
                .timeUnit(TimeUnit.MICROSECONDS)
                .threads(1)
                .jvmArgsAppend("-Dbench.rules=" + rules, "-Dbench.templates=" + templates, "-Xmx1g")
                .shouldFailOnError(true);
        if (cfg.jmhShort) {
            o.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.seconds(1));
        } else {
            o.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        List<List<String>> rows = new ArrayList<>();
        for (String method : List.of("routeDecision", "routeDecisionPooledSession")) {
            for (String contract : List.of("fast_track", "full_review")) {
                Statistics sample = null;
                double throughput = Double.NaN;
                double error = Double.NaN;
                for (RunResult res : results) {
                    if (!contract.equals(res.getParams().getParam("contract")) || !res.getParams().getBenchmark().endsWith("." + method)) {
                        continue;
                    }
                    if (res.getParams().getMode() == Mode.SampleTime) {
                        sample = res.getPrimaryResult().getStatistics();
                    } else if (res.getParams().getMode() == Mode.Throughput) {
                        throughput = res.getPrimaryResult().getScore() * 1_000_000; // ops/us -> ops/s
                        error = res.getPrimaryResult().getScoreError() * 1_000_000;
                    }
                }
                if (sample == null) {
                    continue;
                }
                String what = (contract.equals("fast_track") ? "risk_check, fast track (template rule fires)"
                        : "risk_check, full review (core default-flow rule)")
                        + (method.equals("routeDecision") ? "" : " — reference: the same rules on a KieSessionsPool used directly, no engine code");
                rows.add(List.of(what, Report.f1(sample.getPercentile(50)), Report.f1(sample.getPercentile(99)), Report.f1(sample.getMean()),
                        Report.f0(throughput) + (Double.isNaN(error) ? "" : " ± " + Report.f0(error))));
            }
        }
        r.heading("4. One routing decision (JMH 1.37, " + (cfg.jmhShort ? "smoke: 1 iteration of 1 s, no fork"
                : "1 fork, 3 x 2 s warm-up, 5 x 2 s measurement") + ", 1 thread): DroolsDecisions.decide over rules/");
        r.table(List.of("decision", "p50 µs", "p99 µs", "mean µs", "decisions/s"), rows);
        r.blank();
        r.line("Facts per decision: " + DecisionBench.templateFactsCount(templates) + " Node/Flow facts of the shipped template + "
                + "Instance + Variable + BusinessFact (fuel.contractFacts); a session from the KieBase's pool per decision "
                + "(reset when returned), as the engine does.");
    }
}
