package org.plantflow.approval;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rules folder did not compile, or was refused when it was to become active (a rule names a node its template does
 * not have, a scenario row does not hold, a recorded decision now throws); each problem names the file, line and
 * rule, and the rules active before keep serving. Fields: {@link #folder()} and
 * {@link #problems()}.
 */
public class RulesInvalidException extends ApprovalException {
    private final String folder;
    private final List<RuleProblem> problems;

    public RulesInvalidException(String folder, List<RuleProblem> problems) {
        this(folder, "do not compile", problems);
    }

    /**
     * @param what what is wrong with the folder as a whole, e.g. "do not compile", "were refused at activation"
     */
    public RulesInvalidException(String folder, String what, List<RuleProblem> problems) {
        super("rules in " + folder + " " + what + " (" + problems.size() + " error(s)); fix them and reload:\n"
                + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.folder = folder;
        this.problems = List.copyOf(problems);
    }

    /** The rules folder, as the engine describes it (a path, or the classpath folder). */
    public String folder() {
        return folder;
    }

    public List<RuleProblem> problems() {
        return problems;
    }

    /** Adds {@code folder} and {@code problems} (each as {@code file:line (rule "name"): message}). */
    @Override
    protected void addDetails(Map<String, Object> details) {
        details.put("folder", folder);
        details.put("problems", problems.stream().map(RuleProblem::toString).toList());
    }
}
