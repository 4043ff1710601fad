package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 8: a template too deep or too large is refused by {@code validate} and {@code deploy} with one problem
 * naming the file and the limit (it used to end in a StackOverflowError, or be stored), and nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateLimitsTest {
    /** Levels above the nesting: definitions, process, userTask, extensionElements. */
    private static final int OUTER_LEVELS = 4;

    @TempDir
    Path dir;
    private JdbcDataSource dataSource;
    private ApprovalEngine engine;

    @BeforeAll
    void startEngine() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:template_limits_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        engine = ApprovalEngine.builder().dataSource(dataSource).build();
    }

    @AfterAll
    void stopEngine() {
        engine.close();
    }

    /** A valid one-task template whose task carries {@code nested} levels of extension elements, on one line each. */
    static String nestedTemplate(int nested) {
        StringBuilder sb = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:x="urn:example" id="defs" targetNamespace="urn:test">
                  <bpmn:process id="deep" xmlns:approval="http://plantflow.org/schema/approval/1.0">
                    <bpmn:startEvent id="start"/>
                    <bpmn:userTask id="review" approval:roles="clerk">
                      <bpmn:extensionElements>
                """);
        sb.append("<x:e>\n".repeat(nested)).append("</x:e>\n".repeat(nested));
        sb.append("""
                      </bpmn:extensionElements>
                    </bpmn:userTask>
                    <bpmn:endEvent id="end"/>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """);
        return sb.toString();
    }

    /** The template, padded with a comment to exactly {@code size} bytes. */
    static byte[] ofSize(int size) {
        byte[] plain = nestedTemplate(0).getBytes(StandardCharsets.UTF_8);
        String padded = new String(plain, StandardCharsets.UTF_8) + "<!--" + "x".repeat(size - plain.length - 7) + "-->";
        byte[] bytes = padded.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private long templateRows() throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement()
                .executeQuery("select count(*) from pf_template")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ depth

    @Test
    void a_template_nested_10000_elements_deep_is_refused_by_validate_with_one_line_naming_the_file_and_the_limit()
            throws IOException {
        Path file = write("deep.bpmn", nestedTemplate(10_000).getBytes(StandardCharsets.UTF_8));

        List<ValidationProblem> problems = engine.validate(List.of(file));

        assertThat(problems).singleElement().hasToString(file + ": NESTING_TOO_DEEP: elements are nested more than "
                + "200 levels deep (element 'x:e' at line 203 is at level 201); a template needs about 10 (definitions, "
                + "process, node, extensionElements, diagram shapes): remove the nesting");
        assertThat(problems.get(0).toString()).doesNotContain("\n");
        assertThat(problems.get(0).isError()).isTrue();
    }

    @Test
    void deploying_a_template_nested_10000_elements_deep_throws_template_invalid_and_stores_nothing() throws SQLException {
        byte[] xml = nestedTemplate(10_000).getBytes(StandardCharsets.UTF_8);
        long before = templateRows();

        assertThatThrownBy(() -> engine.deploy("deep.bpmn", xml))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems())
                        .extracting(ValidationProblem::code, ValidationProblem::file)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("NESTING_TOO_DEEP", "deep.bpmn")))
                .hasMessage("1 problem(s) in template; nothing was deployed:\ndeep.bpmn: NESTING_TOO_DEEP: elements are "
                        + "nested more than 200 levels deep (element 'x:e' at line 203 is at level 201); a template needs "
                        + "about 10 (definitions, process, node, extensionElements, diagram shapes): remove the nesting");
        assertThat(templateRows()).isEqualTo(before);
    }

    @Test
    void a_template_nested_exactly_to_the_depth_limit_deploys() {
        byte[] xml = nestedTemplate(200 - OUTER_LEVELS).getBytes(StandardCharsets.UTF_8);

        assertThat(engine.deploy("deep-enough.bpmn", xml).sourceFile()).isEqualTo("deep-enough.bpmn");
    }

    // ------------------------------------------------------------------ size

    @Test
    void a_template_over_2_mb_is_refused_by_validate_and_deploy_with_its_size_and_the_limit() throws Exception {
        byte[] xml = ofSize(2 * 1024 * 1024 + 1);
        Path file = write("large.bpmn", xml);
        long before = templateRows();
        String message = "the file has 2,097,153 bytes, more than the 2,097,152 bytes (2 MB) a template may have; a "
                + "template is normally a few KB (about 1 KB per node with its diagram): check that this is the right "
                + "file, and remove embedded content such as long documentation";

        assertThat(engine.validate(List.of(file))).singleElement()
                .hasToString(file + ": FILE_TOO_LARGE: " + message);
        assertThatThrownBy(() -> engine.deploy(file))
                .isInstanceOf(TemplateInvalidException.class)
                .hasMessage("1 problem(s) in template; nothing was deployed:\nlarge.bpmn: FILE_TOO_LARGE: " + message);
        assertThat(templateRows()).isEqualTo(before);
    }

    @Test
    void a_template_of_exactly_2_mb_deploys() {
        DeployedTemplate deployed = engine.deploy("two-mb.bpmn", ofSize(2 * 1024 * 1024));

        assertThat(deployed.key()).isEqualTo("deep");
        assertThat(deployed.sourceFile()).isEqualTo("two-mb.bpmn");
    }

    // ------------------------------------------------------------------ texts the engine stores

    @Test
    void a_node_name_longer_than_its_column_is_refused_at_deploy_naming_the_node_instead_of_a_database_error() throws Exception {
        String name = "Fuel manager review ".repeat(15); // 300 characters, the column holds 200
        byte[] xml = nestedTemplate(0).replace("<bpmn:userTask id=\"review\"", "<bpmn:userTask id=\"review\" name=\"" + name + "\"")
                .getBytes(StandardCharsets.UTF_8);
        long before = templateRows();

        assertThatThrownBy(() -> engine.deploy("long-name.bpmn", xml))
                .isInstanceOf(TemplateInvalidException.class)
                .hasMessage("1 problem(s) in template; nothing was deployed:\nlong-name.bpmn: TOO_LONG [review]: the name of "
                        + "'review' is 300 characters long, more than the 200 the engine stores ('Fuel manager review Fuel "
                        + "manager review ...'); shorten it");
        assertThat(templateRows()).isEqualTo(before);
    }
}
