package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;

/**
 * Not a test: validates generated templates of 50, 200 and 1,000 nodes (sequences, nested parallel regions,
 * exclusive blocks, rework loops) several times after a warm-up and prints the median time of a full validation
 * (parsing, syntax, structure, soundness, rules cross-check against the built-in rules).
 * <pre>
 * mvn -q test-compile
 * java -cp target/classes:target/test-classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *      org.plantflow.approval.internal.validation.ValidatorBenchmark
 * </pre>
 */
public final class ValidatorBenchmark {
    private ValidatorBenchmark() {
    }

    public static void main(String[] args) {
        int warmup = 30;
        int runs = 15;
        TemplateValidator validator = new TemplateValidator(ResourceFolder.builtIn("rules"));
        TemplateParser parser = new TemplateParser();
        for (int i = 0; i < warmup; i++) { // warm every code path up before the first measurement
            for (int size : new int[] {50, 200, 1000}) {
                validator.validate("warmup.bpmn", TemplateGenerator.realistic("warmup", size, 100 + i));
            }
        }
        System.out.printf(Locale.ROOT, "%-6s %-6s %-5s %-9s %-6s %-9s %-18s %-18s %-10s%n", "nodes", "flows", "seed",
                "parallel", "errors", "warnings", "validate median ms", "checks median ms", "states");
        for (int size : new int[] {50, 200, 1000}) {
            for (long seed : new long[] {1, 2, 3}) {
                byte[] xml = TemplateGenerator.realistic("bench-" + size, size, seed);
                TemplateModel model = parser.parse("bench.bpmn", xml).model();
                for (int i = 0; i < 5; i++) {
                    validator.validate("bench.bpmn", xml);
                }
                long[] full = new long[runs];
                long[] checks = new long[runs];
                List<ValidationProblem> problems = List.of();
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    validator.validate("bench.bpmn", xml);
                    long t1 = System.nanoTime();
                    problems = validator.check("bench.bpmn", model);
                    full[i] = t1 - t0;
                    checks[i] = System.nanoTime() - t1;
                }
                Arrays.sort(full);
                Arrays.sort(checks);
                long errors = problems.stream().filter(ValidationProblem::isError).count();
                long parallel = model.nodes().values().stream()
                        .filter(n -> n.type() == NodeType.PARALLEL_GATEWAY).count() / 2;
                System.out.printf(Locale.ROOT, "%-6d %-6d %-5d %-9d %-6d %-9d %-18.2f %-18.2f %-10d%n",
                        model.nodes().size(), model.flows().size(), seed, parallel, errors, problems.size() - errors,
                        full[runs / 2] / 1e6, checks[runs / 2] / 1e6, Soundness.lastMarkings);
            }
        }
        for (int branches : new int[] {7, 16}) {
            byte[] wide = TemplateGenerator.wideParallel("bench-wide", branches, 3);
            for (int i = 0; i < 3; i++) {
                validator.validate("wide.bpmn", wide);
            }
            long[] times = new long[5];
            TemplateParser.Result r = null;
            for (int i = 0; i < times.length; i++) {
                long t0 = System.nanoTime();
                r = validator.validate("wide.bpmn", wide);
                times[i] = System.nanoTime() - t0;
            }
            Arrays.sort(times);
            System.out.printf(Locale.ROOT, "one parallel split, %d branches x 3 tasks (4^%d states): median %.1f ms, %d "
                    + "states explored, %s%n", branches, branches, times[2] / 1e6, Soundness.lastMarkings,
                    r.problems().stream().map(ValidationProblem::code).toList());
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
