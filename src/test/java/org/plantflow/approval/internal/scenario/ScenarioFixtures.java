package org.plantflow.approval.internal.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;

/** The shipped templates (approval-templates/*.bpmn) parsed, by key. */
final class ScenarioFixtures {
    private ScenarioFixtures() {
    }

    static Map<String, TemplateModel> shippedTemplates() {
        Map<String, TemplateModel> byKey = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("approval-templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList()) {
                TemplateModel m = new TemplateParser().parse(f.toString(), Files.readAllBytes(f)).model();
                byKey.put(m.key(), m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byKey;
    }
}
