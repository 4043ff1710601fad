package org.plantflow.approval.internal.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.TemplateModel;

/**
 * The node and flow ids a template's own rules ({@code rules/<key>/}) name, read as text, against the template
 * versions those rules serve: a rule that routes along a flow, routes to a node, or asks about a node
 * ({@code nodeId == "x"}) that none of the versions has is wrong (a typo, or a node renamed in the template), and
 * would silently never apply. Used by template validation and by every activation of the rules.
 */
public final class RuleReferences {
    /** One id a rule names that the template versions do not have. */
    public record Unknown(String file, int line, String rule, String id, String message) {
    }

    private RuleReferences() {
    }

    /**
     * @param versions the template versions the rules serve (the latest and those with running instances); the id
     *                 must be in none of them to be reported
     */
    public static List<Unknown> unknownIds(ResourceFolder rules, String key, Collection<TemplateModel> versions) {
        Set<String> nodes = new LinkedHashSet<>();
        Set<String> flows = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (TemplateModel m : versions) {
            nodes.addAll(m.nodes().keySet());
            m.flows().forEach(f -> flows.add(f.id()));
            names.add("v" + m.version());
        }
        String which = "template '" + key + "' (" + (names.size() == 1 ? "version " + names.get(0).substring(1)
                : "versions " + String.join(", ", names)) + ")";
        return unknownIds(RuleTexts.forTemplate(rules, key), nodes, flows, which);
    }

    static List<Unknown> unknownIds(TemplateModel model, RuleTexts texts) {
        Set<String> flows = new LinkedHashSet<>();
        model.flows().stream().map(FlowDef::id).forEach(flows::add);
        return unknownIds(texts, model.nodes().keySet(), flows, "template '" + model.key() + "'");
    }

    private static List<Unknown> unknownIds(RuleTexts texts, Set<String> nodes, Set<String> flows, String which) {
        List<Unknown> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RuleTexts.Rule r : texts.own()) {
            for (RuleTexts.RouteCall c : r.routes()) {
                String flow = c.flow().literal();
                if (flow != null && !flows.contains(flow) && seen.add(r.where() + "/flow/" + flow)) {
                    out.add(new Unknown(r.file(), c.line(), r.name(), flow, "routes along flow '" + flow + "', which "
                            + which + " does not have, so the engine would refuse that route; use one of the flows of the "
                            + "node it answers for, or correct the rule"));
                }
                String node = c.node().literal();
                if (node != null && !nodes.contains(node) && seen.add(r.where() + "/node/" + node)) {
                    out.add(new Unknown(r.file(), c.line(), r.name(), node, "routes to node '" + node + "', which " + which
                            + " does not have, so the engine would refuse that route; correct the node id in the rule"));
                }
            }
            for (RuleTexts.NodeIdRef ref : r.nodeIds()) {
                if (!nodes.contains(ref.nodeId()) && seen.add(r.where() + "/nodeId/" + ref.nodeId())) {
                    out.add(new Unknown(r.file(), ref.line(), r.name(), ref.nodeId(), "asks about node '" + ref.nodeId()
                            + "' (nodeId == \"" + ref.nodeId() + "\"), which " + which + " does not have, so the rule "
                            + "never applies; correct the node id in the rule (the template's node ids are in its BPMN file)"));
                }
            }
        }
        return out;
    }
}
