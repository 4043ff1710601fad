package org.plantflow.approval.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.testsupport.TestRules;

/** Every shipped template and every logic test template validates clean against the rules it runs with. */
class ShippedTemplatesValidateTest {
    private static final Path LOGIC_RULES = TestRules.shippedPlus(Path.of("src/test/resources/logic-rules"));

    static List<Path> shipped() throws IOException {
        return list(Path.of("approval-templates"));
    }

    static List<Path> logic() throws IOException {
        return list(Path.of("src/test/resources/logic"));
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void every_shipped_template_validates_clean_against_the_shipped_rules(Path file) {
        TemplateValidator validator = new TemplateValidator(ResourceFolder.directory(Path.of("rules")));

        assertThat(validator.validate(file.toString(), ValidationFixtures.read(file)).problems()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("logic")
    void every_logic_template_validates_clean_against_its_test_rules(Path file) {
        TemplateValidator validator = new TemplateValidator(ResourceFolder.directory(LOGIC_RULES));

        assertThat(validator.validate(file.toString(), ValidationFixtures.read(file)).problems()).isEmpty();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> bpmn = files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
            assertThat(bpmn).isNotEmpty();
            return bpmn;
        }
    }
}
