package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.validation.TemplateValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** validate and deploy. */
final class TemplateCommands {
    private TemplateCommands() {
    }

    @Command(name = "validate", description = "Check template files; exit 0 when all are valid, 1 with one line per problem.")
    static final class Validate implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "BPMN template files")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            TemplateValidator validator = new TemplateValidator(ResourceFolder.of(common.rules, "rules"));
            List<ValidationProblem> problems = new ArrayList<>();
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    problems.add(new ValidationProblem("FILE_NOT_FOUND", f.toString(), List.of(), "no such file"));
                    continue;
                }
                problems.addAll(validator.validate(f.toString(), Files.readAllBytes(f)).problems());
            }
            PrintWriter out = spec.commandLine().getOut();
            long errors = problems.stream().filter(ValidationProblem::isError).count();
            long warnings = problems.size() - errors;
            if (common.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("valid", errors == 0);
                doc.put("files", files.stream().map(Path::toString).toList());
                doc.put("problems", problems);
                Output.json(out, doc);
            } else {
                problems.forEach(p -> out.println(p)); // warnings read "warning: file: CODE [ids]: message"
                if (errors == 0) {
                    out.println(files.size() + " template(s) valid" + (warnings == 0 ? "" : " (" + warnings + " warning(s))"));
                }
            }
            out.flush();
            return errors == 0 ? 0 : 1;
        }
    }

    @Command(name = "deploy", description = "Deploy template files; prints key and version of each.")
    static final class Deploy implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "BPMN template files")
        List<Path> files;

        @Override
        public Integer call() {
            List<DeployedTemplate> deployed = new ArrayList<>();
            try (ApprovalEngine engine = common.openEngine()) {
                for (Path f : files) {
                    deployed.add(engine.deploy(f));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Output.json(out, deployed);
            } else {
                Table t = new Table("KEY", "VERSION", "FILE", "RESULT");
                deployed.forEach(d -> t.row(d.key(), d.version(), d.sourceFile(), d.created() ? "deployed" : "unchanged (identical to latest)"));
                t.print(out);
            }
            return 0;
        }
    }
}
