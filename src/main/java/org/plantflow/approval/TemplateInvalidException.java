package org.plantflow.approval;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A template was refused; {@link #problems()} lists every problem found, not just the first. Fields:
 * {@link #file()} (the file or name it was deployed under), {@link #problems()}, and {@link #templateKey()} when the
 * file was read far enough to know it.
 */
public class TemplateInvalidException extends ApprovalException {
    private final String file;
    private final List<ValidationProblem> problems;

    public TemplateInvalidException(Subject subject, String file, List<ValidationProblem> problems) {
        super(subject, problems.size() + " problem(s) in template; nothing was deployed:\n" + problems.stream()
                .map(ValidationProblem::toString).collect(Collectors.joining("\n")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The template file, or the name the content was deployed under. */
    public String file() {
        return file;
    }

    public List<ValidationProblem> problems() {
        return problems;
    }

    /** Adds {@code file} and {@code problems} (each as {@code file: CODE [ids]: message}). */
    @Override
    protected void addDetails(Map<String, Object> details) {
        put(details, "file", file);
        details.put("problems", problems.stream().map(ValidationProblem::toString).toList());
    }
}
