package org.plantflow.approval.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.scenario.Scenarios;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;
import org.plantflow.approval.internal.template.TemplateRegistry;

/**
 * The facts a scenario row is asked with are the facts the engine gives the rules ({@link InstanceContext#of}): same
 * kinds, same order, same values and value types, for a row with start variables and a business-fact row. A scenario
 * that drifted from the engine would pass tables the engine decides otherwise.
 */
class ScenarioFactsAgreementTest {

    @Test
    void a_scenario_row_is_given_the_facts_the_engine_gives_an_instance_started_with_the_same_values() throws Exception {
        Path bpmn = Path.of("approval-templates/fuel-purchase-contract.bpmn");
        TemplateModel model = new TemplateParser().parse(bpmn.toString(), Files.readAllBytes(bpmn)).model();
        // the engine: started from the command line with --var amount=4999999.99 --var urgent=true --var buyer=zhang,
        // variables stored as JSON, the fact query returning one row
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("amount", 4999999.99);
        started.put("urgent", true);
        started.put("buyer", "zhang");
        started.put("lots", 3L);
        InstanceRow row = new InstanceRow();
        row.id = 0;
        row.templateKey = model.key();
        row.businessKey = "scenario 3";
        row.initiator = "scenario";
        Store store = mock(Store.class);
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("amount", new BigDecimal("4999999.99"));
        column.put("supplier_rating", "A");
        when(store.businessFacts(eq("fuel.contractFacts"), anyMap())).thenReturn(List.of(column));
        TemplateRegistry.Deployed deployed = new TemplateRegistry.Deployed(model, TemplateRegistry.facts(model), Map.of());
        List<Object> engine = InstanceContext.of(store, row, deployed, Variables.fromJson(Variables.toJson(started))).facts();

        List<Object> scenario = Scenarios.factsOf(model, """
                scenario,ask,node,var.amount,var.urgent,var.buyer,var.lots,fact.amount,fact.supplier_rating,expect
                # line 2 is this comment; the row is on line 3
                x,route,gm_gate,4999999.99,true,zhang,3,4999999.99,A,end_approved
                """);

        assertThat(scenario).hasSameSizeAs(engine);
        for (int i = 0; i < engine.size(); i++) {
            assertThat(scenario.get(i)).hasSameClassAs(engine.get(i));
            assertThat(scenario.get(i)).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(engine.get(i));
        }
    }
}
