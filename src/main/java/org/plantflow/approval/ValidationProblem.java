package org.plantflow.approval;

import java.util.List;

/**
 * One problem found in a template.
 *
 * @param code stable code, e.g. {@code DUPLICATE_ID}
 * @param file the template file (or the name it was deployed under)
 * @param elementIds node and flow ids involved, possibly empty
 * @param message the problem in words an analyst understands, with what to do
 * @param severity {@link Severity#ERROR} refuses the template; {@link Severity#WARNING} is reported but does not
 */
public record ValidationProblem(String code, String file, List<String> elementIds, String message, Severity severity) {

    /** How serious a problem is: an error refuses the template, a warning only reports. */
    public enum Severity {
        ERROR, WARNING
    }

    public ValidationProblem {
        elementIds = List.copyOf(elementIds);
        severity = severity == null ? Severity.ERROR : severity;
    }

    /** An error: the template is refused. */
    public ValidationProblem(String code, String file, List<String> elementIds, String message) {
        this(code, file, elementIds, message, Severity.ERROR);
    }

    /** A warning: reported, but the template is deployed all the same. */
    public static ValidationProblem warning(String code, String file, List<String> elementIds, String message) {
        return new ValidationProblem(code, file, elementIds, message, Severity.WARNING);
    }

    /** @return true when this problem refuses the template */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file: CODE [ids]: message}, prefixed with {@code warning: } for a warning. */
    @Override
    public String toString() {
        return (severity == Severity.WARNING ? "warning: " : "") + file + ": " + code
                + (elementIds.isEmpty() ? "" : " " + elementIds) + ": " + message;
    }
}
