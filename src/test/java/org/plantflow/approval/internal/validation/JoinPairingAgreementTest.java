package org.plantflow.approval.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.internal.template.TemplateRegistry;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;

/**
 * Issue 10, item 3: the engine (which pairs a join with its split when it loads a template) and the validator (whose
 * structure and soundness checks rely on that pairing) pair every join of every BPMN file in the repository the same
 * way, so that what the validator accepts is what the engine runs.
 */
class JoinPairingAgreementTest {
    /**
     * 43 of the 48 BPMN files of the repository parse today (the others are the parser's test cases); fewer means the
     * walk lost its way.
     */
    private static final int AT_LEAST_PARSED = 40;

    @Test
    void engine_and_validator_pair_the_joins_of_every_bpmn_file_in_the_repository_alike() throws IOException {
        List<Path> files = bpmnFiles();
        TemplateParser parser = new TemplateParser();
        List<String> parsed = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (Path file : files) {
            TemplateModel model = parser.parse(file.toString(), Files.readAllBytes(file)).model();
            if (model == null) {
                continue; // the parser refuses it: neither side ever sees a model
            }
            parsed.add(file.toString());
            Map<String, String> engine = TemplateRegistry.joinSplits(model);
            Map<String, String> validator = validatorPairing(file.toString(), model);
            if (!engine.equals(validator)) {
                disagreements.add(file + ": engine " + engine + ", validator " + validator);
            }
        }

        assertThat(parsed).hasSizeGreaterThanOrEqualTo(AT_LEAST_PARSED);
        assertThat(disagreements).isEmpty();
    }

    /** The pairs the structure checks hand to the soundness check, by node id. */
    private static Map<String, String> validatorPairing(String file, TemplateModel model) {
        Validation v = new Validation(file, model, RuleTexts.none());
        Graph g = v.graph;
        Map<String, String> pairs = new HashMap<>();
        StructureChecks.run(v).pairs().forEach((join, split) -> pairs.put(g.id(join), g.id(split)));
        return pairs;
    }

    /** Every .bpmn file under the repository, outside build output and version control. */
    private static List<Path> bpmnFiles() throws IOException {
        try (Stream<Path> all = Files.walk(Path.of(""))) {
            List<Path> files = all.filter(p -> p.toString().endsWith(".bpmn"))
                    .filter(p -> !p.startsWith("target") && !p.toString().contains("/target/") && !p.startsWith(".git"))
                    .sorted().toList();
            assertThat(files).as("BPMN files in approval-templates/").anyMatch(p -> p.startsWith("approval-templates"));
            assertThat(files).as("BPMN files in src/test/resources/").anyMatch(p -> p.startsWith("src/test/resources"));
            return files;
        }
    }
}
