package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.scenario.ScenarioReport;
import org.plantflow.approval.internal.scenario.Scenarios;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plantflow test-rules}: runs the scenario tables ({@code rules/<template-key>/*.scenarios.csv}) against a
 * rules folder and the templates, without an engine or a database. One line per failing row
 * ({@code file:row (rule "scenario"): expected X, got Y (rules fired: ...)}), then a summary; exit 0 when every
 * row holds, 1 otherwise (a folder that does not compile prints its errors as {@code reload-rules} does).
 */
@Command(name = "test-rules", mixinStandardHelpOptions = true,
        description = "Run the rule scenarios (rules/<template-key>/*.scenarios.csv) against a rules folder; "
                + "exit 0 when every row gets the expected answer, 1 with one line per failing row.")
final class TestRulesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", description = "The rules folder with its scenario tables (default: the built-in rules)")
    Path rules;

    @Option(names = "--templates", paramLabel = "DIR", description = "The folder of BPMN templates (default: the built-in approval-templates)")
    Path templates;

    @Option(names = "--template", paramLabel = "KEY", description = "Run only the scenarios of this template key")
    String template;

    @Option(names = "--verbose", description = "Print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResourceFolder folder = ResourceFolder.of(rules, "rules");
        Map<String, TemplateModel> models = new TreeMap<>();
        ResourceFolder templateFolder = ResourceFolder.of(templates, "approval-templates");
        boolean broken = false;
        for (ResourceFolder.Entry e : templateFolder.list(".bpmn")) {
            TemplateParser.Result r = new TemplateParser().parse(e.relativePath(), e.content());
            if (r.model() == null) {
                r.problems().stream().filter(ValidationProblem::isError).forEach(p -> err.println("error: " + p));
                broken = true;
            } else if (template == null || template.equals(r.model().key())) {
                models.put(r.model().key(), r.model());
            }
        }
        if (template != null && !models.containsKey(template)) {
            err.println("error: no template '" + template + "' in " + templateFolder.description() + " (templates: "
                    + String.join(", ", models.keySet()) + ")");
            err.flush();
            return PlantflowCli.EXIT_ERROR;
        }
        CompiledRules compiled;
        try {
            compiled = CompiledRules.compile(folder);
        } catch (RulesInvalidException e) {
            e.problems().forEach(p -> err.println("error: rule " + p));
            err.flush();
            return PlantflowCli.EXIT_ERROR;
        }
        long started = System.nanoTime();
        ScenarioReport report = Scenarios.run(folder, compiled, models, key -> template == null || template.equals(key));
        long ms = (System.nanoTime() - started) / 1_000_000;
        report.failures().forEach(out::println);
        report.notes().forEach(n -> out.println("note: " + n));
        out.println(report.summary() + " (" + folder.description() + ", " + ms + " ms)");
        out.flush();
        err.flush();
        return report.ok() && !broken ? 0 : PlantflowCli.EXIT_ERROR;
    }
}
