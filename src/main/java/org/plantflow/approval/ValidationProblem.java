package org.plantflow.approval;

import java.util.List;

/**
 * One problem found in a template.
 *
 * @param code stable code, e.g. {@code DUPLICATE_ID}
 * @param file the template file (or the name it was deployed under)
 * @param elementIds node and flow ids involved, possibly empty
 * @param message the problem in words an analyst understands, with what to do
 */
public record ValidationProblem(String code, String file, List<String> elementIds, String message) {
    public ValidationProblem {
        elementIds = List.copyOf(elementIds);
    }

    @Override
    public String toString() {
        return file + ": " + code + (elementIds.isEmpty() ? "" : " " + elementIds) + ": " + message;
    }
}
