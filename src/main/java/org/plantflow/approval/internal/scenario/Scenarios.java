package org.plantflow.approval.internal.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateModel;

/**
 * Runs the scenario tables of a rules folder ({@code <template-key>/*.scenarios.csv}) against compiled rules: each
 * row is one question to the rules of its template, asked with the facts the engine would give, and the engine's
 * conclusion is compared with the row's {@code expect}. Used by {@code plantflow test-rules}, by the build
 * ({@code ShippedScenariosTest}) and at every rules activation.
 */
public final class Scenarios {
    /** The file name ending of a scenario table. */
    public static final String SUFFIX = ".scenarios.csv";
    private static final Set<String> SHARED_FOLDERS = Set.of("core", "common");

    private Scenarios() {
    }

    /**
     * Runs the scenario files of every template key in {@code templates} against the candidate rules. A table of a
     * key {@code templates} lacks is not run and is named in the notes.
     *
     * @param rulesFolder where the tables are (the folder the candidate was compiled from)
     * @param candidate   the rules to check
     * @param templates   the templates by key (their nodes and fact query), e.g. the latest deployed versions
     */
    public static ScenarioReport run(ResourceFolder rulesFolder, CompiledRules candidate, Map<String, TemplateModel> templates) {
        return run(rulesFolder, candidate, templates, key -> true);
    }

    /** As {@link #run(ResourceFolder, CompiledRules, Map)}, for the tables of the keys {@code only} accepts (no notes for others). */
    public static ScenarioReport run(ResourceFolder rulesFolder, CompiledRules candidate, Map<String, TemplateModel> templates,
                                     Predicate<String> only) {
        int rows = 0;
        List<RuleProblem> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ResourceFolder.Entry e : rulesFolder.list(SUFFIX)) {
            String path = e.relativePath();
            int slash = path.indexOf('/');
            String key = slash < 0 ? null : path.substring(0, slash);
            if (key == null || SHARED_FOLDERS.contains(key) || path.indexOf('/', slash + 1) >= 0) {
                failures.add(new RuleProblem(path, 0, null, "a scenario table belongs in its template's folder, "
                        + "rules/<template-key>/NAME" + SUFFIX + "; move it there"));
                continue;
            }
            if (!only.test(key)) {
                continue;
            }
            ScenarioFile.Parsed parsed = ScenarioFile.parse(path, e.content());
            List<RuleProblem> found = new ArrayList<>(parsed.problems());
            TemplateModel model = templates.get(key);
            if (model == null) {
                notes.add(path + ": no template '" + key + "' was given, so its " + parsed.rows().size()
                        + " scenario row(s) were not run");
            } else {
                ScenarioRunner runner = new ScenarioRunner(candidate, model);
                for (ScenarioFile.Row row : parsed.rows()) {
                    rows++;
                    RuleProblem p = runner.check(row);
                    if (p != null) {
                        found.add(p);
                    }
                }
            }
            found.sort(java.util.Comparator.comparingInt(RuleProblem::line)); // stable: a line's problems keep their order
            failures.addAll(found);
        }
        return new ScenarioReport(rows, failures, notes);
    }

    /**
     * The facts the first row of a table gives the rules before its question's own (template, instance, variables,
     * business facts): for the test that holds them equal to the engine's ({@code ScenarioFactsAgreementTest}).
     */
    public static List<Object> factsOf(TemplateModel model, String table) {
        ScenarioFile.Parsed parsed = ScenarioFile.parse("table.scenarios.csv", table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!parsed.problems().isEmpty()) {
            throw new IllegalArgumentException(parsed.problems().toString());
        }
        return ScenarioFacts.of(model, org.plantflow.approval.internal.template.TemplateRegistry.facts(model), parsed.rows().get(0));
    }
}
