package org.plantflow.approval.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.internal.persistence.Rows.InstanceRow;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.TemplateModel;

/** An instance with its template and the facts every decision about it sees. */
record InstanceContext(InstanceRow row, TemplateModel model, Map<String, Object> variables, List<Object> facts) {

    static InstanceContext of(InstanceRow row, TemplateRegistry.Deployed template, Map<String, Object> variables) {
        List<Object> facts = new ArrayList<>(template.facts());
        facts.add(new Instance(row.id, row.templateKey, template.model().version(), row.businessKey, row.initiator, variables));
        variables.forEach((k, v) -> facts.add(new Variable(k, v)));
        return new InstanceContext(row, template.model(), variables, List.copyOf(facts));
    }

    List<Object> factsWith(List<?> more) {
        List<Object> all = new ArrayList<>(facts);
        all.addAll(more);
        return all;
    }

    /** "instance 7 (fuel-purchase-contract v1, business key FPC-1)" */
    String describe() {
        String which = row.id == 0 ? "the instance being started" : "instance " + row.id;
        return which + " (" + model.describe() + ", business key " + row.businessKey + ")";
    }

    String describeNode(String nodeId) {
        NodeDef n = model.node(nodeId);
        return "node '" + nodeId + "'" + (n != null && n.name() != null && !n.name().isBlank() ? " (" + n.name() + ")" : "");
    }
}
