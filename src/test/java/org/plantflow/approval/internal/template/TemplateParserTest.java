package org.plantflow.approval.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.validation.TemplateValidator;

/** TemplateParser (and the model-level TemplateValidator) over the test templates and small inline ones. */
class TemplateParserTest {
    static final Path TEMPLATES = Path.of("src/test/resources/templates");
    static final Path FUEL = Path.of("src/test/resources/templates/linear-contract.bpmn");

    private final TemplateParser parser = new TemplateParser();

    // ================================================================ the shipped template

    @Test
    void the_linear_contract_parses_with_its_nodes_roles_and_deadlines() throws IOException {
        TemplateParser.Result result = parser.parse("linear-contract.bpmn", Files.readAllBytes(FUEL));

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        TemplateModel model = result.model();
        assertThat(model.key()).isEqualTo("linear-contract");
        assertThat(model.name()).isEqualTo("Linear contract approval (four manual steps)");
        assertThat(model.id()).isZero();
        assertThat(model.version()).isZero();
        assertThat(model.factsQuery()).isNull();
        assertThat(model.nodes().values())
                .extracting(NodeDef::id, NodeDef::type, NodeDef::name, NodeDef::roles, NodeDef::deadline)
                .containsExactlyInAnyOrder(
                        tuple("start", NodeType.START, "Contract drafted", List.of(), null),
                        tuple("draft", NodeType.USER_TASK, "Draft purchase contract", List.of("fuel_clerk"), "P2D"),
                        tuple("fuel_manager_review", NodeType.USER_TASK, "Fuel manager review", List.of("fuel_manager"), "P2D"),
                        tuple("finance_review", NodeType.USER_TASK, "Finance review", List.of("finance"), "P2D"),
                        tuple("general_manager_approval", NodeType.USER_TASK, "General manager approval",
                                List.of("general_manager"), "P2D"),
                        tuple("end", NodeType.END, "Contract approved", List.of(), null));
        assertThat(model.nodes().values()).allSatisfy(n -> {
            assertThat(n.acceptors()).isEmpty();
            assertThat(n.signMode()).isEqualTo(SignMode.SINGLE); // no approval:mode: single
            assertThat(n.voteThreshold()).isNull();
        });
        assertThat(model.startNode().id()).isEqualTo("start");
        assertThat(model.flows())
                .extracting(FlowDef::id, FlowDef::source, FlowDef::target, FlowDef::isDefault)
                .containsExactlyInAnyOrder(
                        tuple("f1", "start", "draft", false),
                        tuple("f2", "draft", "fuel_manager_review", false),
                        tuple("f3", "fuel_manager_review", "finance_review", false),
                        tuple("f4", "finance_review", "general_manager_approval", false),
                        tuple("f5", "general_manager_approval", "end", false));
    }

    @Test
    void fuel_purchase_contract_passes_the_validator() throws IOException {
        TemplateParser.Result result = new TemplateValidator().validate("linear-contract.bpmn", Files.readAllBytes(FUEL));

        assertThat(result.problems()).isEmpty();
        assertThat(result.model().key()).isEqualTo("linear-contract");
    }

    // ================================================================ test template files

    @Test
    void versioned_v1_parses_as_a_one_step_template() throws IOException {
        TemplateParser.Result result = parse("versioned-v1.bpmn");

        assertThat(result.problems()).isEmpty();
        assertThat(result.model().key()).isEqualTo("versioned");
        assertThat(result.model().nodes()).containsOnlyKeys("start", "draft", "end");
        assertThat(result.model().node("draft").roles()).containsExactly("fuel_clerk");
        assertThat(result.model().outgoing("draft")).extracting(FlowDef::target).containsExactly("end");
    }

    @Test
    void a_user_task_with_two_outgoing_flows_and_no_gateway_is_accepted_by_parser_and_validator() throws IOException {
        byte[] xml = Files.readAllBytes(TEMPLATES.resolve("two-outgoing-no-gateway.bpmn"));

        TemplateParser.Result parsed = parser.parse("two-outgoing-no-gateway.bpmn", xml);
        TemplateParser.Result validated = new TemplateValidator().validate("two-outgoing-no-gateway.bpmn", xml);

        assertThat(parsed.problems()).isEmpty();
        assertThat(validated.problems()).isEmpty();
        assertThat(parsed.model().outgoing("review")).extracting(FlowDef::id, FlowDef::target, FlowDef::isDefault)
                .containsExactlyInAnyOrder(tuple("f2", "end_a", false), tuple("f3", "end_b", false));
    }

    @Test
    void broken_structure_lists_every_problem_at_once() throws IOException {
        TemplateParser.Result result = parse("broken-structure.bpmn");

        assertThat(result.ok()).isFalse();
        assertThat(result.model()).isNull();
        assertThat(result.problems())
                .extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactlyInAnyOrder(
                        tuple("DUPLICATE_ID", List.of("review")),
                        tuple("BAD_DEADLINE", List.of("review")),
                        tuple("NO_START", List.of()),
                        tuple("NO_END", List.of()),
                        tuple("DANGLING_FLOW", List.of("f2", "nowhere")),
                        tuple("DANGLING_FLOW", List.of("f3", "ghost")));
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("broken-structure.bpmn"));
        assertThat(messageOf(result, "DUPLICATE_ID"))
                .isEqualTo("id 'review' is used by 2 elements; give each element its own id");
        assertThat(messageOf(result, "BAD_DEADLINE"))
                .isEqualTo("approval:deadline 'two days' on 'review' is not an ISO-8601 duration of days, hours or minutes such as P2D, PT4H or P1DT12H "
                        + "(months and years are not supported: write P30D)");
        assertThat(messageOf(result, "NO_START")).isEqualTo("the template has no start event; add exactly one");
        assertThat(messageOf(result, "NO_END")).isEqualTo("the template has no end event; add at least one");
        assertThat(result.problems()).filteredOn(p -> p.code().equals("DANGLING_FLOW")).extracting(ValidationProblem::message)
                .containsExactlyInAnyOrder(
                        "sequence flow 'f2' targetRef points at 'nowhere', which is not a node of this process",
                        "sequence flow 'f3' sourceRef points at 'ghost', which is not a node of this process");
    }

    @Test
    void a_file_that_is_not_well_formed_xml_is_refused_as_unreadable() throws IOException {
        TemplateParser.Result result = parse("not-xml.bpmn");

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("XML_UNREADABLE");
            assertThat(p.file()).isEqualTo("not-xml.bpmn");
            assertThat(p.elementIds()).isEmpty();
            assertThat(p.message()).startsWith("line ");
        });
    }

    @Test
    void a_doctype_with_an_external_entity_is_refused_without_reading_the_entity() throws IOException {
        TemplateParser.Result result = parse("doctype-external-entity.bpmn");

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("DOCTYPE_NOT_ALLOWED");
            assertThat(p.elementIds()).isEmpty();
            assertThat(p.message()).isEqualTo("line 2: a DOCTYPE (and with it any external entity) is not allowed in "
                    + "a template; remove it");
        });
        assertNoPasswdContentIn(result.problems().toString());
    }

    @Test
    void the_validator_also_refuses_the_doctype_before_its_own_checks() throws IOException {
        byte[] xml = Files.readAllBytes(TEMPLATES.resolve("doctype-external-entity.bpmn"));

        TemplateParser.Result result = new TemplateValidator().validate("doctype-external-entity.bpmn", xml);

        assertThat(result.problems()).extracting(ValidationProblem::code).containsExactly("DOCTYPE_NOT_ALLOWED");
        assertNoPasswdContentIn(result.problems().toString());
    }

    // ================================================================ inline templates

    @Test
    void two_start_events_are_refused_naming_both() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start_a"/>
                <bpmn:startEvent id="start_b"/>
                <bpmn:userTask id="draft" approval:roles="fuel_clerk"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start_a" targetRef="draft"/>
                <bpmn:sequenceFlow id="f2" sourceRef="start_b" targetRef="draft"/>
                <bpmn:sequenceFlow id="f3" sourceRef="draft" targetRef="end"/>
                """);

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("MULTIPLE_STARTS");
            assertThat(p.elementIds()).containsExactly("start_a", "start_b");
            assertThat(p.message()).isEqualTo("the template has 2 start events; keep exactly one");
        });
    }

    @Test
    void a_threshold_above_one_is_refused() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:userTask id="board_vote" approval:acceptors="a,b,c" approval:mode="vote" approval:threshold="3/2"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="board_vote"/>
                <bpmn:sequenceFlow id="f2" sourceRef="board_vote" targetRef="end"/>
                """);

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("BAD_THRESHOLD");
            assertThat(p.elementIds()).containsExactly("board_vote");
            assertThat(p.message()).isEqualTo("approval:threshold '3/2' on 'board_vote' must be a fraction such as 2/3 "
                    + "or a decimal such as 0.67, above 0 and at most 1");
        });
    }

    @Test
    void threshold_parsing_accepts_fractions_and_decimals_in_zero_to_one() {
        assertThat(TemplateParser.parseThreshold("2/3")).isCloseTo(0.6667, within(0.001));
        assertThat(TemplateParser.parseThreshold(" 0.67 ")).isEqualTo(0.67);
        assertThat(TemplateParser.parseThreshold("1")).isEqualTo(1.0);
        assertThat(TemplateParser.parseThreshold("3/2")).isNull();
        assertThat(TemplateParser.parseThreshold("0")).isNull();
        assertThat(TemplateParser.parseThreshold("1/0")).isNull();
        assertThat(TemplateParser.parseThreshold("two thirds")).isNull();
    }

    @Test
    void an_unknown_mode_is_refused() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:userTask id="sign" approval:acceptors="a,b" approval:mode="majority"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign"/>
                <bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="end"/>
                """);

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("BAD_MODE");
            assertThat(p.elementIds()).containsExactly("sign");
            assertThat(p.message()).isEqualTo("approval:mode 'majority' on 'sign' must be one of single, countersign, "
                    + "orsign, vote");
        });
    }

    @Test
    void the_sign_mode_threshold_and_acceptors_reach_the_model() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:userTask id="board_vote" approval:acceptors="a, b ,c,a" approval:mode="vote" approval:threshold="2/3"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="board_vote"/>
                <bpmn:sequenceFlow id="f2" sourceRef="board_vote" targetRef="end"/>
                """);

        assertThat(result.problems()).isEmpty();
        NodeDef vote = result.model().node("board_vote");
        assertThat(vote.acceptors()).containsExactly("a", "b", "c");
        assertThat(vote.signMode()).isEqualTo(SignMode.VOTE);
        assertThat(vote.voteThreshold()).isEqualTo("2/3");
    }

    @Test
    void a_sub_process_is_refused_as_an_unsupported_element() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:subProcess id="legal_check"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
                """);

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("UNSUPPORTED_ELEMENT");
            assertThat(p.elementIds()).containsExactly("legal_check");
            assertThat(p.message()).isEqualTo("bpmn:subProcess 'legal_check' is not supported; use userTask, "
                    + "serviceTask, exclusiveGateway or parallelGateway");
        });
    }

    @Test
    void a_sub_process_wired_into_the_flow_is_reported_once_and_its_flows_are_not_called_dangling() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:subProcess id="legal_check"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="legal_check"/>
                <bpmn:sequenceFlow id="f2" sourceRef="legal_check" targetRef="end"/>
                """);

        assertThat(result.problems()).extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactly(tuple("UNSUPPORTED_ELEMENT", List.of("legal_check")));
    }

    @Test
    void a_negative_deadline_is_refused() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:userTask id="draft" approval:roles="fuel_clerk" approval:deadline="-P2D"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
                <bpmn:sequenceFlow id="f2" sourceRef="draft" targetRef="end"/>
                """);

        assertThat(result.problems()).extracting(ValidationProblem::code, ValidationProblem::elementIds)
                .containsExactly(tuple("BAD_DEADLINE", List.of("draft")));
    }

    /** Issue 10, item 8: the engine ignored a deadline anywhere but on a user task (seed 002's join deadline). */
    @Test
    void a_deadline_on_a_join_is_refused_as_deadlines_apply_to_user_tasks_only() {
        TemplateParser.Result result = parseInline("""
                <bpmn:startEvent id="start"/>
                <bpmn:parallelGateway id="split"/>
                <bpmn:userTask id="legal" approval:roles="legal" approval:deadline="P2D"/>
                <bpmn:userTask id="finance" approval:roles="finance"/>
                <bpmn:parallelGateway id="join" approval:deadline="P3D"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split"/>
                <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="legal"/>
                <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="finance"/>
                <bpmn:sequenceFlow id="f4" sourceRef="legal" targetRef="join"/>
                <bpmn:sequenceFlow id="f5" sourceRef="finance" targetRef="join"/>
                <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end"/>
                """);

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().hasToString("inline.bpmn: DEADLINE_NOT_ON_USER_TASK [join]: "
                + "approval:deadline 'P3D' on bpmn:parallelGateway 'join' would be ignored: deadlines apply to user tasks "
                + "only (a deadline on a join or any other node is not implemented); remove the attribute, or put the "
                + "deadline on the user tasks before 'join'");
    }

    @Test
    void a_deadline_on_a_service_task_a_flow_or_the_process_is_refused_too_even_when_malformed() {
        String xml = process("""
                <bpmn:startEvent id="start"/>
                <bpmn:serviceTask id="print" approval:action="printContract" approval:deadline="two days"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="print" approval:deadline="PT4H"/>
                <bpmn:sequenceFlow id="f2" sourceRef="print" targetRef="end"/>
                """).replace("<bpmn:process id=\"inline\"", "<bpmn:process id=\"inline\" approval:deadline=\"P1D\"");

        TemplateParser.Result result = parser.parse("inline.bpmn", bytes(xml));

        assertThat(result.problems()).extracting(ValidationProblem::code, ValidationProblem::elementIds).containsExactly(
                tuple("DEADLINE_NOT_ON_USER_TASK", List.of("inline")),
                tuple("DEADLINE_NOT_ON_USER_TASK", List.of("print")),
                tuple("DEADLINE_NOT_ON_USER_TASK", List.of("f1")));
        assertThat(result.problems().get(1).message()).isEqualTo("approval:deadline 'two days' on bpmn:serviceTask 'print' "
                + "would be ignored: deadlines apply to user tasks only (a deadline on a join or any other node is not "
                + "implemented); remove the attribute, or put the deadline on the user tasks before 'print'");
    }

    @Test
    void a_node_without_flows_parses_but_the_validator_refuses_it_as_isolated() {
        String xml = process("""
                <bpmn:startEvent id="start"/>
                <bpmn:userTask id="draft" approval:roles="fuel_clerk"/>
                <bpmn:userTask id="forgotten" approval:roles="fuel_manager"/>
                <bpmn:endEvent id="end"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
                <bpmn:sequenceFlow id="f2" sourceRef="draft" targetRef="end"/>
                """);

        assertThat(parser.parse("inline.bpmn", bytes(xml)).problems()).isEmpty();
        TemplateParser.Result result = new TemplateValidator().validate("inline.bpmn", bytes(xml));

        assertThat(result.model()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("ISOLATED_NODE");
            assertThat(p.file()).isEqualTo("inline.bpmn");
            assertThat(p.elementIds()).containsExactly("forgotten");
            assertThat(p.message()).isEqualTo("node 'forgotten' has no flows at all; connect it or delete it");
        });
    }

    // ================================================================ helpers

    private TemplateParser.Result parse(String file) throws IOException {
        return parser.parse(file, Files.readAllBytes(TEMPLATES.resolve(file)));
    }

    private TemplateParser.Result parseInline(String processBody) {
        return parser.parse("inline.bpmn", bytes(process(processBody)));
    }

    private static String process(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:approval="http://plantflow.org/schema/approval/1.0" id="d" targetNamespace="t">
                  <bpmn:process id="inline" name="Inline test template">
                """ + body.indent(4) + """
                  </bpmn:process>
                </bpmn:definitions>
                """;
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static String messageOf(TemplateParser.Result result, String code) {
        return result.problems().stream().filter(p -> p.code().equals(code)).findFirst()
                .map(ValidationProblem::message).orElseThrow(() -> new AssertionError("no " + code + " in " + result.problems()));
    }

    /** Nothing of /etc/passwd (on machines that have one) leaks into what the parser reports. */
    private static void assertNoPasswdContentIn(String text) throws IOException {
        assertThat(text).doesNotContain("root:").doesNotContain("/bin/").doesNotContain("nologin");
        Path passwd = Path.of("/etc/passwd");
        if (Files.isReadable(passwd)) {
            for (String line : Files.readAllLines(passwd)) {
                if (!line.isBlank()) {
                    assertThat(text).doesNotContain(line);
                }
            }
        }
    }
}
