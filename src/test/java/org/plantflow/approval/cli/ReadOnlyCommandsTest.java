package org.plantflow.approval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the commands that only read (pending, instance, history, explain) compile no rules. Shown with a rules
 * folder that does not compile: they answer from the database, while a command that decides is refused with the
 * activation's errors. Run in-process on an in-memory H2 database per test.
 */
class ReadOnlyCommandsTest {
    private static int databases;
    private final String url = "jdbc:h2:mem:read_only_" + (++databases) + ";DB_CLOSE_DELAY=-1";

    record Run(int exit, String out, String err) {
    }

    Run cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--jdbc-url", url, "--db-user", "sa"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    long activations() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); ResultSet rs = c.createStatement()
                .executeQuery("select count(*) from pf_rules_activation")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void read_only_commands_answer_on_a_rules_folder_that_does_not_compile_and_a_decision_is_refused(@TempDir Path dir) throws Exception {
        assertThat(cli("deploy", "src/test/resources/templates/linear-contract.bpmn").exit()).isZero();
        Run started = cli("start", "--template", "linear-contract", "--business-key", "FPC-RO-1", "--initiator", "zhang.clerk");
        assertThat(started.exit()).as(started.err()).isZero();
        String id = started.out().strip().split("\\s+")[0];
        assertThat(activations()).isOne();

        String broken = ReloadRulesCommandTest.rulesWith(dir, "fuel-purchase-contract/bad.drl",
                ReloadRulesCommandTest.TWO_ERRORS).toString();
        for (String[] command : List.of(
                new String[] {"pending", "--user", "zhang.clerk", "--roles", "fuel_clerk"},
                new String[] {"instance", "--id", id},
                new String[] {"history", "--instance", id},
                new String[] {"history", "--instance", id, "--explain"},
                new String[] {"explain", "--history", "1"})) {
            List<String> args = new ArrayList<>(Arrays.asList(command));
            args.addAll(List.of("--rules", broken));
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isZero();
            assertThat(r.out()).isNotBlank();
        }
        assertThat(activations()).isOne();

        Run pass = cli("pass", "--task", "1", "--user", "zhang.clerk", "--roles", "fuel_clerk", "--rules", broken);
        assertThat(pass.exit()).isEqualTo(1);
        assertThat(pass.err()).contains("error: rule fuel-purchase-contract/bad.drl:12 (rule \"fuel: unknown fact type\")");
        assertThat(activations()).isOne();
    }
}
