package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.List;

import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.template.TemplateModel;

/** One run of the checks over one template: what they share, and the problems found so far. */
final class Validation {
    final String file;
    final TemplateModel model;
    final Graph graph;
    final RuleTexts rules;
    final List<ValidationProblem> problems = new ArrayList<>();

    Validation(String file, TemplateModel model, RuleTexts rules) {
        this.file = file;
        this.model = model;
        this.graph = new Graph(model);
        this.rules = rules;
    }

    void error(String code, List<String> ids, String message) {
        problems.add(new ValidationProblem(code, file, ids, message));
    }

    void warning(String code, List<String> ids, String message) {
        problems.add(ValidationProblem.warning(code, file, ids, message));
    }

    boolean has(String code) {
        return problems.stream().anyMatch(p -> p.code().equals(code));
    }

    /** Quotes node or flow ids for a message: {@code 'a', 'b'}. */
    static String quote(List<String> ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append('\'').append(id).append('\'');
        }
        return sb.toString();
    }
}
