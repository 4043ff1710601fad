package org.plantflow.approval.internal.activation;

import java.util.Map;
import java.util.TreeMap;

import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateParser;

/** The templates of a folder that parse, by key: what rules are checked against where no version is deployed. */
final class TemplateFiles {
    private TemplateFiles() {
    }

    static Map<String, org.plantflow.approval.internal.template.TemplateModel> parse(ResourceFolder folder) {
        Map<String, org.plantflow.approval.internal.template.TemplateModel> out = new TreeMap<>();
        TemplateParser parser = new TemplateParser();
        for (ResourceFolder.Entry e : folder.list(".bpmn")) {
            TemplateParser.Result r = parser.parse(e.relativePath(), e.content());
            if (r.model() != null && r.ok()) {
                out.putIfAbsent(r.model().key(), r.model());
            }
        }
        return out;
    }
}
