package org.plantflow.approval.internal.activation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.replay.Replay;
import org.plantflow.approval.internal.replay.ReplayReport;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.scenario.ScenarioReport;
import org.plantflow.approval.internal.scenario.Scenarios;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateRegistry;

/** The scenario and replay checks of an activation, as problems (refusing) and words (reported). */
final class ActivationChecks {
    private ActivationChecks() {
    }

    record ScenarioOutcome(int rows, List<String> notes) {
    }

    record ReplayOutcome(int replayed, List<String> differently) {
        static final ReplayOutcome NONE = new ReplayOutcome(0, List.of());
    }

    /** Runs every scenario table of the templates; a failing row is an error. */
    static ScenarioOutcome scenarios(ResourceFolder rules, CompiledRules candidate, Map<String, TemplateModel> templates,
                                     List<RuleProblem> errors) {
        ScenarioReport report = Scenarios.run(rules, candidate, templates);
        errors.addAll(ReplayProblems.byFailingRule(report.failures()));
        return new ScenarioOutcome(report.rowsRun(), report.notes());
    }

    /** Replays the recent recorded decisions of the templates; one that now throws is an error. */
    static ReplayOutcome replay(Store store, TemplateRegistry templates, CompiledRules candidate, Collection<String> keys,
                                int limit, List<RuleProblem> errors) {
        ReplayReport report = Replay.recent(store, templates, candidate, keys, limit);
        errors.addAll(ReplayProblems.problems(report.failed()));
        List<String> differently = new ArrayList<>();
        report.changed().forEach(c -> differently.add(ReplayProblems.words(c)));
        return new ReplayOutcome(report.replayed(), differently);
    }
}
