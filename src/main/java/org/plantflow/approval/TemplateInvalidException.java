package org.plantflow.approval;

import java.util.List;
import java.util.stream.Collectors;

/** A template was refused; {@link #problems()} lists every problem found, not just the first. */
public class TemplateInvalidException extends ApprovalException {
    private final List<ValidationProblem> problems;

    public TemplateInvalidException(List<ValidationProblem> problems) {
        super(problems.size() + " problem(s) in template; nothing was deployed:\n" + problems.stream()
                .map(ValidationProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ValidationProblem> problems() {
        return problems;
    }
}
