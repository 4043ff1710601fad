package org.plantflow.approval.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.facts.BusinessFact;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.TemplateRegistry;
import org.plantflow.approval.internal.template.TemplateModel;

/**
 * An instance with its template and the facts every decision about it sees: the template's nodes and flows,
 * the instance, its variables, and the business facts its template's {@code approval:facts} query loads
 * (once per engine call, in the call's transaction).
 */
record InstanceContext(InstanceRow row, TemplateRegistry.Deployed template, Map<String, Object> variables,
                       List<Object> facts) {

    static InstanceContext of(Store store, InstanceRow row, TemplateRegistry.Deployed template, Map<String, Object> variables) {
        List<Object> facts = new ArrayList<>(template.facts());
        facts.add(new Instance(row.id, row.templateKey, template.model().version(), row.businessKey, row.initiator, variables));
        variables.forEach((k, v) -> facts.add(new Variable(k, v)));
        String query = template.model().factsQuery();
        if (query != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("businessKey", row.businessKey);
            params.put("templateKey", row.templateKey);
            params.put("instanceId", row.id);
            for (Object r : store.businessFacts(query, params)) {
                if (r instanceof Map<?, ?> m) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    m.forEach((k, v) -> fields.put(String.valueOf(k), v));
                    facts.add(new BusinessFact(query, fields));
                } else if (r != null) {
                    facts.add(r);
                }
            }
        }
        return new InstanceContext(row, template, variables, List.copyOf(facts));
    }

    TemplateModel model() {
        return template.model();
    }

    List<Object> factsWith(List<?> more) {
        if (more.isEmpty()) {
            return facts;
        }
        List<Object> all = new ArrayList<>(facts);
        all.addAll(more);
        return all;
    }

    /** "instance 7 (fuel-purchase-contract v1, business key FPC-1)" */
    String describe() {
        return "instance " + row.id + " (" + model().describe() + ", business key " + row.businessKey + ")";
    }

    /** This instance's ids for an exception: instance, template key and version, business key. */
    Subject subject() {
        return Subject.instance(row.id).withTemplate(row.templateKey, model().version()).withBusinessKey(row.businessKey);
    }

    String describeNode(String nodeId) {
        NodeDef n = model().node(nodeId);
        return "node '" + nodeId + "'" + (n != null && n.name() != null && !n.name().isBlank() ? " (" + n.name() + ")" : "");
    }
}
