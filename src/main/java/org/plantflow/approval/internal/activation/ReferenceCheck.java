package org.plantflow.approval.internal.activation;

import java.util.List;
import java.util.Map;

import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.validation.RuleReferences;

/**
 * At activation: each template folder's rules against the template versions they serve. A node or flow id that none
 * of the deployed versions has is an error (a typo routes contracts past an approval without a word). Where no version
 * is deployed yet, the rules are checked against the template file of the templates folder, as warnings that say so:
 * deploying the template checks them again, as errors.
 */
final class ReferenceCheck {
    private ReferenceCheck() {
    }

    static void run(ResourceFolder rules, CompiledRules candidate, Map<String, List<TemplateModel>> deployed,
                    java.util.function.Supplier<Map<String, TemplateModel>> templateFiles, List<RuleProblem> errors,
                    List<RuleProblem> warnings) {
        for (String key : candidate.templateKeys()) {
            List<TemplateModel> versions = deployed.get(key);
            if (versions != null && !versions.isEmpty()) {
                for (RuleReferences.Unknown u : RuleReferences.unknownIds(rules, key, versions)) {
                    errors.add(new RuleProblem(u.file(), u.line(), u.rule(), u.message()));
                }
                continue;
            }
            TemplateModel file = templateFiles.get().get(key);
            if (file == null) {
                warnings.add(new RuleProblem(key + "/", 0, null, "no version of template '" + key + "' is deployed and "
                        + "the templates folder has no template with that key, so the node ids of these rules could not be "
                        + "checked; they are checked when the template is deployed"));
                continue;
            }
            for (RuleReferences.Unknown u : RuleReferences.unknownIds(rules, key, List.of(file))) {
                warnings.add(new RuleProblem(u.file(), u.line(), u.rule(), u.message() + " (a warning only because no "
                        + "version of template '" + key + "' is deployed yet; deploying it will be refused)"));
            }
        }
    }
}
