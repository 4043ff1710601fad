package org.plantflow.approval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.testsupport.TestRules;

/** {@code plantflow test-rules}: the scenario tables against a rules folder, without an engine or a database. */
class TestRulesCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void the_shipped_rules_pass_their_scenarios() {
        Run r = cli("test-rules");

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).matches("(?s)\\d+ scenario rows run, 0 failures \\(built-in rules .*\\d+ ms\\)\\s*");
        assertThat(r.exit()).isZero();
    }

    @Test
    void a_general_manager_limit_typo_exits_1_with_one_line_per_failing_row(@TempDir Path dir) throws Exception {
        TestRules.copyTree(Path.of("rules"), dir);
        Path drl = dir.resolve("fuel-purchase-contract/routing.drl");
        Files.writeString(drl, Files.readString(drl).replace("return 5000000; }", "return 500000; }"));

        Run r = cli("test-rules", "--rules", dir.toString(), "--template", "fuel-purchase-contract");

        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).allMatch(l -> l.matches("fuel-purchase-contract/routing\\.scenarios\\.csv:\\d+ "
                + "\\(rule \"GM limit: [^\"]+\"\\): expected end_approved, got general_manager_approval .*"));
        assertThat(lines.get(3)).matches("\\d+ scenario rows run, 3 failures \\(.*\\)");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void rules_that_do_not_compile_are_reported_as_reload_rules_does(@TempDir Path dir) throws Exception {
        TestRules.copyTree(Path.of("rules"), dir);
        Files.writeString(dir.resolve("fuel-purchase-contract/broken.drl"), """
                package org.plantflow.rules.fuelpurchasecontract
                import org.plantflow.approval.facts.*;
                rule "fuel-purchase-contract: broken"
                when
                    NoSuchFact( )
                then
                end
                """);

        Run r = cli("test-rules", "--rules", dir.toString());

        assertThat(r.err()).startsWith("error: rule fuel-purchase-contract/broken.drl:");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void help_describes_the_command() {
        Run r = cli("test-rules", "--help");

        assertThat(r.out()).contains("Usage: plantflow test-rules", "--rules=DIR", "--templates=DIR", "--template=KEY");
        assertThat(r.exit()).isZero();
    }
}
