package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.List;

import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;

/**
 * Checks a template before it is stored; every deploy and {@code validate} goes through here.
 * <p>
 * The parser already refused what it cannot read (XML, DOCTYPE, duplicate ids, start/end count, dangling
 * flows, bad {@code approval:} attributes). This class holds the model-level checks; the structural
 * (seed 003) and soundness (seed 004) checks of the validation issue belong here as further
 * {@link Check}s.
 */
public final class TemplateValidator {

    /** One kind of check over a parsed template. */
    @FunctionalInterface
    public interface Check {
        void check(String file, TemplateModel model, List<ValidationProblem> problems);
    }

    private final TemplateParser parser = new TemplateParser();
    private final List<Check> checks = List.of(TemplateValidator::flowsInAndOut);

    /** Parses and checks. */
    public TemplateParser.Result validate(String file, byte[] xml) {
        TemplateParser.Result parsed = parser.parse(file, xml);
        if (!parsed.ok()) {
            return parsed;
        }
        List<ValidationProblem> problems = new ArrayList<>();
        for (Check check : checks) {
            check.check(file, parsed.model(), problems);
        }
        return problems.isEmpty() ? parsed : new TemplateParser.Result(null, problems);
    }

    /** Every node but the start has an incoming flow, every node but an end an outgoing one. */
    static void flowsInAndOut(String file, TemplateModel model, List<ValidationProblem> problems) {
        for (NodeDef n : model.nodes().values()) {
            boolean hasIn = model.flows().stream().map(FlowDef::target).anyMatch(n.id()::equals);
            boolean hasOut = model.flows().stream().map(FlowDef::source).anyMatch(n.id()::equals);
            if (!hasIn && !hasOut) {
                problems.add(new ValidationProblem("ISOLATED_NODE", file, List.of(n.id()), "node '" + n.id()
                        + "' has no flows at all; connect it or delete it"));
                continue;
            }
            if (!hasIn && n.type() != NodeType.START) {
                problems.add(new ValidationProblem("NO_INCOMING_FLOW", file, List.of(n.id()), "node '" + n.id()
                        + "' has no incoming flow, so it can never be reached"));
            }
            if (!hasOut && n.type() != NodeType.END) {
                problems.add(new ValidationProblem("NO_OUTGOING_FLOW", file, List.of(n.id()), "node '" + n.id()
                        + "' has no outgoing flow; connect it to the next node or an end event"));
            }
            if (n.type() == NodeType.START && hasIn) {
                problems.add(new ValidationProblem("START_HAS_INCOMING", file, List.of(n.id()), "start event '" + n.id()
                        + "' must not have an incoming flow"));
            }
            if (n.type() == NodeType.END && hasOut) {
                problems.add(new ValidationProblem("END_HAS_OUTGOING", file, List.of(n.id()), "end event '" + n.id()
                        + "' must not have an outgoing flow"));
            }
        }
    }
}
