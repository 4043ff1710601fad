package org.plantflow.approval.internal.validation;

import java.util.List;

import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;

/**
 * Checks a template before it is stored; every deploy and {@code validate} goes through here, and every problem is
 * listed at once.
 * <ol>
 *   <li>the parser: XML, DOCTYPE, ids, start/end count, dangling flows, {@code approval:} attribute forms
 *       ({@link TemplateParser}); when it fails nothing else runs;</li>
 *   <li>syntax on the model: flows in and out, vote outcome flows, a way to find each task's actors
 *       ({@link SyntaxChecks});</li>
 *   <li>structure, seed 003: reachability, dead ends and dead loops, concurrency units ({@link StructureChecks});</li>
 *   <li>soundness, seed 004: the reachability graph of the workflow net ({@link Soundness}); it runs when every
 *       node the start reaches can reach an end (otherwise it would only repeat those errors);</li>
 *   <li>the template's rules, read as text: warnings ({@link RulesCrossCheck}).</li>
 * </ol>
 * Errors refuse the template; warnings are reported with it. Thread-safe: the rules folder is read on each call,
 * so a reloaded folder is seen at once.
 */
public final class TemplateValidator {
    private final TemplateParser parser = new TemplateParser();
    private final ResourceFolder rules;
    private final int maxMarkings;

    /** With the built-in rules (the JAR's {@code plantflow/rules/}). */
    public TemplateValidator() {
        this(ResourceFolder.builtIn("rules"));
    }

    /** @param rules the rules folder the template will run with; null for none (only the generic core rules) */
    public TemplateValidator(ResourceFolder rules) {
        this(rules, Soundness.MAX_MARKINGS);
    }

    /** @param maxMarkings bound on the states the soundness check explores before it stops with a warning */
    public TemplateValidator(ResourceFolder rules, int maxMarkings) {
        if (maxMarkings < 1) {
            throw new IllegalArgumentException("maxMarkings must be at least 1, was " + maxMarkings);
        }
        this.rules = rules;
        this.maxMarkings = maxMarkings;
    }

    /**
     * Parses and checks.
     *
     * @return the model (null when some problem is an error) and every problem found
     */
    public TemplateParser.Result validate(String file, byte[] xml) {
        TemplateParser.Result parsed = parser.parse(file, xml);
        if (!parsed.ok()) {
            return parsed;
        }
        List<ValidationProblem> problems = check(file, parsed.model());
        boolean errors = problems.stream().anyMatch(ValidationProblem::isError);
        return new TemplateParser.Result(errors ? null : parsed.model(), problems);
    }

    /** The checks after parsing, over a parsed model. */
    public List<ValidationProblem> check(String file, TemplateModel model) {
        Validation v = new Validation(file, model, RuleTexts.forTemplate(rules, model.key()));
        SyntaxChecks.run(v);
        StructureChecks.Units units = StructureChecks.run(v);
        Soundness.run(v, units, maxMarkings);
        RulesCrossCheck.run(v);
        return List.copyOf(v.problems);
    }
}
