package org.plantflow.approval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate and deploy on templates with structural and soundness errors, in-process on an in-memory H2. */
class ValidateCommandTest {
    private static final String DIR = "src/test/resources/validation/";
    private static int databases;
    private final String url = "jdbc:h2:mem:validate_cli_" + (++databases) + ";DB_CLOSE_DELAY=-1";

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
        }

        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\n"));
        }
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!args[0].equals("validate")) {
            all.addAll(List.of("--jdbc-url", url, "--db-user", "sa"));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private long templateRows() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); ResultSet rs = c.createStatement()
                .executeQuery("select count(*) from pf_template")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void validate_prints_one_line_per_problem_with_file_code_and_ids_and_exits_1() {
        Run r = cli("validate", DIR + "fig3b-illegal-exit.bpmn", DIR + "exclusive-split-parallel-join.bpmn");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.outLines()).hasSize(6);
        assertThat(r.outLines().get(0)).isEqualTo(DIR + "fig3b-illegal-exit.bpmn: ILLEGAL_EXIT [A, D, f6, B, E]: flow "
                + "'f6' leaves the concurrency unit of parallel split 'A' and its join 'D' from 'B' to 'E' before the "
                + "join: that branch would never arrive at 'D', which would then wait forever (or run 'E' alongside the "
                + "rest); lead every path of the branch into 'D' and continue from there");
        assertThat(r.outLines().get(1)).startsWith(DIR + "fig3b-illegal-exit.bpmn: DEADLOCK [D, f5]: the instance can get stuck");
        assertThat(r.outLines().get(2)).startsWith(DIR + "exclusive-split-parallel-join.bpmn: JOIN_WITHOUT_SPLIT [join, amount_check]: ");
        assertThat(r.outLines().get(3)).startsWith(DIR + "exclusive-split-parallel-join.bpmn: DEADLOCK [join, f5]: the "
                + "instance can get stuck: after start -> draft -> amount_check -> manager, ");
        assertThat(r.outLines().get(4)).startsWith(DIR + "exclusive-split-parallel-join.bpmn: DEAD_NODE [join]: ");
        assertThat(r.outLines().get(5)).startsWith("warning: " + DIR + "exclusive-split-parallel-join.bpmn: "
                + "NO_RULE_FOR_BRANCH [amount_check, to_gm]: ");
    }

    @Test
    void validate_exits_0_when_there_are_only_warnings_and_prints_them() {
        Run r = cli("validate", DIR + "vote-single-flow.bpmn");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(0)).startsWith("warning: " + DIR + "vote-single-flow.bpmn: VOTE_WITHOUT_OUTCOME_FLOWS [board, f2]: ");
        assertThat(r.outLines().get(1)).isEqualTo("1 template(s) valid (1 warning(s))");
    }

    @Test
    void validate_reads_the_template_rules_from_the_rules_option() {
        assertThat(cli("validate", "src/test/resources/logic/or-split.bpmn").outLines())
                .anySatisfy(l -> assertThat(l).contains("NO_RULE_FOR_BRANCH [amount_check, to_gm]"));

        Run r = cli("validate", "--rules", "src/test/resources/logic-rules", "src/test/resources/logic/or-split.bpmn");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly("1 template(s) valid");
    }

    @Test
    void validate_refuses_a_template_nested_10000_deep_in_one_line_and_exits_1(@TempDir Path tmp) throws Exception {
        Path deep = tmp.resolve("deep.bpmn");
        Files.writeString(deep, "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\" "
                + "targetNamespace=\"t\">\n" + "<bpmn:documentation>".repeat(10_000) + "</bpmn:documentation>".repeat(10_000)
                + "\n</bpmn:definitions>\n");

        Run r = cli("validate", deep.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).containsExactly(deep + ": NESTING_TOO_DEEP: elements are nested more than 200 levels "
                + "deep (element 'bpmn:documentation' at line 2 is at level 201); a template needs about 10 (definitions, "
                + "process, node, extensionElements, diagram shapes): remove the nesting");
    }

    @Test
    void deploy_refuses_a_deadlocking_template_and_leaves_the_database_unchanged() throws Exception {
        assertThat(cli("deploy", "src/test/resources/templates/linear-contract.bpmn").exit()).isZero();
        long before = templateRows();

        Run r = cli("deploy", DIR + "exclusive-split-parallel-join.bpmn");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(4);
        assertThat(r.errLines().subList(0, 3)).allSatisfy(l -> assertThat(l).startsWith("error: exclusive-split-parallel-join.bpmn: "));
        assertThat(r.errLines().get(1)).startsWith("error: exclusive-split-parallel-join.bpmn: DEADLOCK [join, f5]: ");
        assertThat(r.errLines().get(3)).startsWith("warning: exclusive-split-parallel-join.bpmn: NO_RULE_FOR_BRANCH ");
        assertThat(templateRows()).isEqualTo(before);
    }

    @Test
    void deploy_accepts_a_template_with_only_warnings() throws Exception {
        Run r = cli("deploy", DIR + "vote-single-flow.bpmn");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("vote-single-flow").contains("deployed");
        assertThat(templateRows()).isEqualTo(1);
    }
}
