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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process on an in-memory H2 database per test. */
class PlantflowCliTest {
    private static int databases;
    private final String url = "jdbc:h2:mem:cli_" + (++databases) + ";DB_CLOSE_DELAY=-1";

    /** What one command printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\n"));
        }
    }

    Run cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--jdbc-url", url, "--db-user", "sa"));
        if (args[0].equals("validate")) {
            all = new ArrayList<>(Arrays.asList(args)); // validate needs no database
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    long templateRows() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); ResultSet rs = c.createStatement()
                .executeQuery("select count(*) from pf_template")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void every_subcommand_answers_help_without_opening_the_engine() {
        picocli.CommandLine root = new picocli.CommandLine(new PlantflowCli());
        assertThat(root.getSubcommands()).hasSizeGreaterThan(12);
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = PlantflowCli.run(new String[] {name, "--help"}, new PrintWriter(out), new PrintWriter(err));
            assertThat(exit).as(name + " --help: " + err).isZero();
            assertThat(out.toString()).as(name).startsWith("Usage: plantflow " + name);
            assertThat(err.toString()).as(name).isEmpty();
        }
    }

    @Test
    void validate_accepts_the_shipped_templates_with_exit_0() {
        Run r = cli("validate", "src/test/resources/templates/linear-contract.bpmn");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1 template(s) valid");
    }

    @Test
    void validate_prints_one_line_per_problem_with_code_file_and_ids_and_exits_1() {
        Run r = cli("validate", "src/test/resources/templates/broken-structure.bpmn", "src/test/resources/templates/doctype-external-entity.bpmn");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().strip().split("\n")).containsExactly(
                "src/test/resources/templates/broken-structure.bpmn: DUPLICATE_ID [review]: id 'review' is used by 2 elements; give each element its own id",
                "src/test/resources/templates/broken-structure.bpmn: BAD_DEADLINE [review]: approval:deadline 'two days' on 'review' is not an ISO-8601 duration of days, hours or minutes such as P2D, PT4H or P1DT12H (months and years are not supported: write P30D)",
                "src/test/resources/templates/broken-structure.bpmn: NO_START: the template has no start event; add exactly one",
                "src/test/resources/templates/broken-structure.bpmn: NO_END: the template has no end event; add at least one",
                "src/test/resources/templates/broken-structure.bpmn: DANGLING_FLOW [f2, nowhere]: sequence flow 'f2' targetRef points at 'nowhere', which is not a node of this process",
                "src/test/resources/templates/broken-structure.bpmn: DANGLING_FLOW [f3, ghost]: sequence flow 'f3' sourceRef points at 'ghost', which is not a node of this process",
                "src/test/resources/templates/doctype-external-entity.bpmn: DOCTYPE_NOT_ALLOWED: line 2: a DOCTYPE (and with it any external entity) is not allowed in a template; remove it");
    }

    @Test
    void deploy_refuses_a_broken_file_and_leaves_the_database_unchanged() throws Exception {
        assertThat(cli("deploy", "src/test/resources/templates/linear-contract.bpmn").exit()).isZero();
        long before = templateRows();
        Run r = cli("deploy", "src/test/resources/templates/broken-structure.bpmn");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(6).allSatisfy(l -> assertThat(l).startsWith("error: broken-structure.bpmn: "));
        assertThat(templateRows()).isEqualTo(before);
    }

    @Test
    void an_approval_from_the_command_line_shows_the_rules_in_its_history() throws Exception {
        Run deployed = cli("deploy", "src/test/resources/templates/linear-contract.bpmn");
        assertThat(deployed.out()).contains("linear-contract").contains("deployed");
        assertThat(cli("deploy", "src/test/resources/templates/linear-contract.bpmn").out()).contains("unchanged");

        Run started = cli("start", "--template", "linear-contract", "--business-key", "FPC-CLI-1",
                "--initiator", "zhang.clerk", "--var", "amount=3800000", "--var", "supplier=Shenhua", "--json");
        assertThat(started.exit()).as(started.err()).isZero();
        JsonNode instance = new ObjectMapper().readTree(started.out());
        long id = instance.get("id").asLong();
        assertThat(instance.get("variables").get("amount").isNumber()).isTrue();

        JsonNode pending = new ObjectMapper().readTree(cli("pending", "--user", "zhang.clerk", "--roles", "fuel_clerk", "--json").out());
        assertThat(pending).hasSize(1);
        long task = pending.get(0).get("id").asLong();
        assertThat(cli("pass", "--task", String.valueOf(task), "--user", "zhang.clerk", "--roles", "fuel_clerk",
                "--comment", "drafted").exit()).isZero();
        long review = new ObjectMapper().readTree(cli("instance", "--id", String.valueOf(id), "--json").out())
                .get("openTasks").get(0).get("id").asLong();
        Run returned = cli("return", "--task", String.valueOf(review), "--user", "wang.manager", "--roles", "fuel_manager",
                "--to", "draft", "--comment", "quantity wrong");
        assertThat(returned.exit()).as(returned.err()).isZero();
        assertThat(returned.out()).contains("draft").contains("user:zhang.clerk");

        Run history = cli("history", "--instance", String.valueOf(id));
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("RULES")
                .contains("core: a holder of a candidate role may act; core: a single-acceptor node completes on its pass; core: follow the single outgoing flow")
                .contains("RETURN").contains("quantity wrong");
    }

    @Test
    void errors_are_one_line_on_stderr_with_a_non_zero_exit_and_no_stack_trace() {
        cli("deploy", "src/test/resources/templates/linear-contract.bpmn");
        Run r = cli("pass", "--task", "424242", "--user", "chen.gm");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly(
                "error: task 424242 does not exist; list the open tasks with pendingTasks (plantflow pending --user U)");
    }

    @Test
    void a_user_without_the_role_gets_one_clear_line() {
        cli("deploy", "src/test/resources/templates/linear-contract.bpmn");
        Run started = cli("start", "--template", "linear-contract", "--business-key", "FPC-CLI-2", "--initiator", "zhang.clerk");
        long instance = Long.parseLong(started.out().lines().findFirst().orElseThrow().strip());
        Run r = cli("pending", "--user", "nobody", "--roles", "fuel_clerk", "--json");
        assertThat(r.out()).contains("\"instanceId\" : " + instance);
        String task = r.out().replaceAll("(?s).*?\"id\" : (\\d+).*", "$1");
        Run denied = cli("pass", "--task", task, "--user", "zhao.finance", "--roles", "finance");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.errLines()).singleElement().asString()
                .startsWith("error: user 'zhao.finance' with roles [finance] may not pass task " + task + " at node 'draft'");
    }

    @Test
    void a_rules_folder_that_does_not_compile_is_reported_with_file_line_and_rule(@TempDir Path rules) throws Exception {
        Files.createDirectories(rules.resolve("fuel"));
        Files.writeString(rules.resolve("fuel/bad.drl"), """
                package org.plantflow.rules.fuel
                import org.plantflow.approval.facts.*;

                rule "Big contracts go to the general manager"
                when
                    Variable( name == "amount", number > 5000000 )
                then
                    insert( new Route( "f4", "general_manager_approval" ) )
                    nonsense here;
                end
                """);
        // a command that may decide (read-only ones such as pending compile no rules: ReadOnlyCommandsTest)
        Run r = cli("sweep", "--rules", rules.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("error: rule fuel/bad.drl:4 (rule \"Big contracts go to the general manager\"): ");
    }

    @Test
    void demo_runs_twice_in_a_row_and_tells_one_story_per_template() {
        Run first = cli("demo");
        Run second = cli("demo");
        for (Run r : List.of(first, second)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("== fuel-purchase-contract: a 37.98 million CNY contract")
                    .contains("zhao.finance  RETURN finance_review           -> fuel_manager_review for user:wang.manager")
                    .contains("rules: core: a candidate user may act; core: countersign completes when every acceptor passed; "
                            + "core: follow the single outgoing flow; fuel-purchase-contract: contracts above the limit go to the general manager")
                    .contains("coal-acceptance: calorific value below the specification beyond tolerance")
                    .contains("core: a vote fails once the threshold is out of reach")
                    .contains("rules: fuel-settlement: a missed payment approval deadline escalates to the finance director")
                    .contains("coal-yard-inventory-adjustment: a loss or gain beyond the tolerance rate needs the leadership")
                    .contains("pending for zhao.finance [finance]:");
            assertThat(r.out().lines().filter(l -> l.contains(" is COMPLETED; history: "))).hasSize(4);
        }
        assertThat(second.out()).contains("template fuel-purchase-contract v1 already deployed");
    }

    @Test
    void demo_of_one_template_runs_only_its_story_and_an_unknown_one_is_refused() {
        Run one = cli("demo", "--template", "coal-acceptance");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("== coal-acceptance").doesNotContain("== fuel-purchase-contract");
        Run bad = cli("demo", "--template", "nope");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.errLines()).containsExactly("error: no demo story for template 'nope'; choose one of "
                + "[fuel-purchase-contract, coal-acceptance, fuel-settlement, coal-yard-inventory-adjustment]");
    }
}
