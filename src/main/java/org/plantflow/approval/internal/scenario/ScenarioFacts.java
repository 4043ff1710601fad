package org.plantflow.approval.internal.scenario;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.facts.BusinessFact;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.internal.engine.Variables;
import org.plantflow.approval.internal.template.TemplateModel;

/**
 * The facts every decision about an instance sees, built from a scenario row the way the engine builds them
 * ({@code internal/engine/InstanceContext.of}), in the same order: the template's Node and Flow facts, the
 * {@link Instance}, one {@link Variable} per start variable, and the business-fact row of the template's
 * {@code approval:facts} query as one {@link BusinessFact}.
 * <p>
 * Values are typed as the engine would have them: a start variable as the command line types {@code --var}
 * (true/false, a whole number, a decimal number, else text) and then stored as JSON and read back, as the engine
 * stores variables; a business-fact field as a JDBC driver returns a column: a number as {@link BigDecimal}, else text.
 */
final class ScenarioFacts {
    /** The instance id every scenario runs as (no instance exists). */
    static final long INSTANCE_ID = 0;

    private ScenarioFacts() {
    }

    /**
     * @param templateFacts {@code TemplateRegistry.facts(model)}
     * @throws IllegalArgumentException when the row gives business facts but the template has no fact query
     */
    static List<Object> of(TemplateModel model, List<Object> templateFacts, ScenarioFile.Row row) {
        Map<String, Object> typed = new LinkedHashMap<>();
        row.vars().forEach((k, v) -> typed.put(k, variable(v)));
        Map<String, Object> variables = Variables.fromJson(Variables.toJson(typed));
        List<Object> facts = new ArrayList<>(templateFacts);
        facts.add(new Instance(INSTANCE_ID, model.key(), model.version(), row.cell("business_key", "scenario " + row.line()),
                row.cell("initiator", "scenario"), variables));
        variables.forEach((k, v) -> facts.add(new Variable(k, v)));
        if (!row.facts().isEmpty()) {
            if (model.factsQuery() == null) {
                throw new IllegalArgumentException("fact." + row.facts().keySet().iterator().next() + " is given, but template "
                        + model.key() + " has no approval:facts query; leave the fact.* columns empty or remove them");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            row.facts().forEach((k, v) -> fields.put(k, column(v)));
            facts.add(new BusinessFact(model.factsQuery(), fields));
        }
        return facts;
    }

    /** As the command line's {@code start --var NAME=VALUE} types a value. */
    static Object variable(String v) {
        return org.plantflow.approval.internal.engine.Variables.typed(v);
    }

    /** As a JDBC driver returns a numeric or text column. */
    static Object column(String v) {
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
