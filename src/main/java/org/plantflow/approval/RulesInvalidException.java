package org.plantflow.approval;

import java.util.List;
import java.util.stream.Collectors;

/** A rules folder did not compile; each problem names the file, line and rule. */
public class RulesInvalidException extends ApprovalException {
    private final List<RuleProblem> problems;

    public RulesInvalidException(String folder, List<RuleProblem> problems) {
        super("rules in " + folder + " do not compile (" + problems.size() + " error(s)); fix them and reload:\n"
                + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
