package org.plantflow.approval.internal.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateModel;

/** The scenario tables shipped in rules/ hold for the shipped rules and templates: "run by the build". */
class ShippedScenariosTest {

    @Test
    void every_shipped_scenario_row_gets_the_answer_it_expects() {
        ResourceFolder rules = ResourceFolder.directory(Path.of("rules"));
        Map<String, TemplateModel> templates = ScenarioFixtures.shippedTemplates();

        ScenarioReport report = Scenarios.run(rules, CompiledRules.compile(rules), templates);

        assertThat(report.failures()).isEmpty();
        assertThat(report.notes()).isEmpty();
        assertThat(report.rowsRun()).isGreaterThanOrEqualTo(90); // 93 shipped: a table that silently stopped running drops below
    }
}
