package org.plantflow.approval.internal.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateParser;

/** The validation test templates (src/test/resources/validation) and how the tests validate them. */
final class ValidationFixtures {
    static final Path DIR = Path.of("src/test/resources/validation");

    private ValidationFixtures() {
    }

    /** Validates a file of the folder against the built-in rules; the file is named by its bare name. */
    static TemplateParser.Result validate(String name) {
        return validate(name, ResourceFolder.builtIn("rules"));
    }

    static TemplateParser.Result validate(String name, ResourceFolder rules) {
        return new TemplateValidator(rules).validate(name, read(DIR.resolve(name)));
    }

    static List<ValidationProblem> errors(String name) {
        return validate(name).problems().stream().filter(ValidationProblem::isError).toList();
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String messageOf(List<ValidationProblem> problems, String code) {
        return problems.stream().filter(p -> p.code().equals(code)).findFirst().map(ValidationProblem::message)
                .orElseThrow(() -> new AssertionError("no " + code + " in " + problems));
    }
}
