package org.plantflow.approval.internal.scenario;

import java.util.List;

import org.plantflow.approval.RuleProblem;

/**
 * What running the scenario tables found.
 *
 * @param rowsRun  rows asked of the rules (rows with a format error are not run, and are failures)
 * @param failures one per failing row or format error: file (relative to the rules folder), CSV line, scenario
 *                 name or null, and "expected X, got Y (rules fired: ...)" or what is wrong with the row
 * @param notes    what was not run and why (a table for a template that was not given), not failures
 */
public record ScenarioReport(int rowsRun, List<RuleProblem> failures, List<String> notes) {
    public ScenarioReport {
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    /** @return true when every row ran as expected and no table had a format error */
    public boolean ok() {
        return failures.isEmpty();
    }

    /** "12 scenario rows run, 0 failures" */
    public String summary() {
        return rowsRun + " scenario row" + (rowsRun == 1 ? "" : "s") + " run, " + failures.size() + " failure"
                + (failures.size() == 1 ? "" : "s");
    }
}
