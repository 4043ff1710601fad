package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.RulesActivation;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.cli.PlantflowCli;
import org.plantflow.approval.testsupport.TestPostgres;
import org.plantflow.approval.testsupport.TestRules;

/**
 * Rules become active only through their checks, on PostgreSQL with the demo's history (every shipped template run
 * end to end): the analyst mistakes of issue 11 are refused at {@code reloadRules()} and {@code reload-rules} with file,
 * line and rule, the rules active before keep serving, and every activation is recorded with the text of its files.
 */
class RulesActivationTest {
    private static final String ROUTING = "fuel-purchase-contract/routing.drl";
    private static final String GM_RULE = "fuel-purchase-contract: contracts above the limit go to the general manager";
    private static String url;

    private Path rules;
    private ApprovalEngine engine;

    @BeforeAll
    static void runTheDemo() throws Exception {
        String schema = "rules_activation_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        url = TestPostgres.jdbcUrl() + (TestPostgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(new String[] {"demo", "--jdbc-url", url, "--db-user", TestPostgres.user(),
                "--db-password", TestPostgres.password()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(exit).as(err.toString()).isZero();
    }

    @BeforeEach
    void engineOnACopyOfTheShippedRules() throws Exception {
        rules = Files.createTempDirectory("plantflow-rules-");
        TestRules.copyTree(Path.of("rules"), rules);
        engine = ApprovalEngine.builder().jdbcUrl(url, TestPostgres.user(), TestPostgres.password())
                .rulesDirectory(rules).sweepInterval(Duration.ZERO).build();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void edit(String file, String from, String to) throws Exception {
        Path f = rules.resolve(file);
        String text = Files.readString(f);
        assertThat(text).contains(from);
        Files.writeString(f, text.replace(from, to));
    }

    private int lineOf(String file, String text) throws Exception {
        List<String> lines = Files.readAllLines(rules.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String[] cli(String... args) {
        String[] db = {"--jdbc-url", url, "--db-user", TestPostgres.user(), "--db-password", TestPostgres.password()};
        String[] all = new String[args.length + db.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(db, 0, all, args.length, db.length);
        return all;
    }

    @Test
    void a_rule_naming_a_node_the_template_does_not_have_is_refused_at_reload_and_the_old_rules_keep_serving() throws Exception {
        RulesActivation before = engine.activeRules();
        long activations = count("select count(*) from pf_rules_activation");
        edit(ROUTING, "nodeId == \"gm_gate\"", "nodeId == \"gm_gat\"");

        assertThatThrownBy(engine::reloadRules).isInstanceOfSatisfying(RulesInvalidException.class, e -> {
            assertThat(e.problems()).contains(new RuleProblem(ROUTING, lineOfQuietly(ROUTING, "gm_gat"), GM_RULE,
                    "asks about node 'gm_gat' (nodeId == \"gm_gat\"), which template 'fuel-purchase-contract' (version 1) "
                            + "does not have, so the rule never applies; correct the node id in the rule (the template's "
                            + "node ids are in its BPMN file)"));
            assertThat(e.getMessage()).startsWith("rules in " + rules.toAbsolutePath().normalize() + " were refused at "
                    + "activation, and the rules active before keep serving (");
        });

        assertThat(engine.activeRules()).isEqualTo(before);
        assertThat(count("select count(*) from pf_rules_activation")).as("nothing recorded").isEqualTo(activations);
        // the old rules still route a big contract to the general manager
        var i = engine.start("fuel-purchase-contract", "FPC-T-" + System.nanoTime(), "zhang.clerk", java.util.Map.of());
        assertThat(i.openTasks()).isNotEmpty();
    }

    private int lineOfQuietly(String file, String text) {
        try {
            return lineOf(file, text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reload_rules_on_the_command_line_refuses_the_wrong_node_id_with_file_line_and_rule() throws Exception {
        edit(ROUTING, "nodeId == \"gm_gate\"", "nodeId == \"gm_gat\"");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = PlantflowCli.run(cli("reload-rules", "--rules", rules.toString()), new PrintWriter(out), new PrintWriter(err));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("error: rule " + ROUTING + ":" + lineOf(ROUTING, "gm_gat") + " (rule \""
                + GM_RULE + "\"): asks about node 'gm_gat'");
        assertThat(out.toString()).doesNotContain("rules activated");
    }

    @Test
    void a_type_error_in_a_condition_is_refused_before_activation() throws Exception {
        RulesActivation before = engine.activeRules();
        edit(ROUTING, "number(\"amount\") > generalManagerAbove()", "number(\"amount\") > \"five million\"");

        assertThatThrownBy(engine::reloadRules).isInstanceOfSatisfying(RulesInvalidException.class, e -> {
            assertThat(e.problems()).as("one problem per check, at the broken rule: the scenario rows it fails, the "
                    + "recorded decisions it fails").extracting(RuleProblem::file, RuleProblem::line, RuleProblem::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ROUTING, lineOfQuietly(ROUTING, "five million"), GM_RULE),
                            org.assertj.core.groups.Tuple.tuple(ROUTING, lineOfQuietly(ROUTING, "five million"), GM_RULE));
            assertThat(e.problems().get(0).message()).contains("scenario row(s) fail on this rule");
            assertThat(e.problems().get(1).message()).contains("recorded decision(s) of recent instances now fail");
            assertThat(e.getMessage()).contains(ROUTING + ":" + lineOfQuietly(ROUTING, "five million"))
                    .contains(GM_RULE).contains("For input string: \"five million\"");
        });
        assertThat(engine.activeRules()).isEqualTo(before);
    }

    @Test
    void a_threshold_typo_is_refused_by_the_scenario_rows_it_breaks() throws Exception {
        RulesActivation before = engine.activeRules();
        edit(ROUTING, "function double generalManagerAbove() { return 5000000; }",
                "function double generalManagerAbove() { return 500000; }");

        assertThatThrownBy(engine::reloadRules).isInstanceOfSatisfying(RulesInvalidException.class, e -> {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.file()).isEqualTo("fuel-purchase-contract/routing.scenarios.csv");
                assertThat(p.line()).isPositive();
                assertThat(p.message()).startsWith("expected end_approved, got general_manager_approval");
            });
            assertThat(e.problems()).extracting(RuleProblem::rule).contains("GM limit: one cent below");
        });
        assertThat(engine.activeRules()).isEqualTo(before);
    }

    @Test
    void a_rule_that_throws_only_on_recorded_contracts_is_refused_by_the_replay() throws Exception {
        Files.writeString(rules.resolve("fuel-purchase-contract/audit.drl"), """
                package org.plantflow.rules.fuelpurchasecontract.audit

                import org.plantflow.approval.facts.*;

                rule "fuel-purchase-contract: audit the demo contracts"
                when
                    RouteQuestion( nodeId == "gm_gate" )
                    Instance( businessKey.startsWith( "FPC-" ) )
                then
                    throw new IllegalStateException( "audit table missing" );
                end
                """);

        assertThatThrownBy(engine::reloadRules).isInstanceOfSatisfying(RulesInvalidException.class, e -> {
            assertThat(e.problems()).hasSize(1);
            RuleProblem p = e.problems().get(0);
            assertThat(p.file()).isEqualTo("fuel-purchase-contract/audit.drl");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.rule()).isEqualTo("fuel-purchase-contract: audit the demo contracts");
            assertThat(p.message()).containsPattern("^\\d+ recorded decision\\(s\\) of recent instances now fail with these "
                    + "rules, e\\.g\\. history entry \\d+ \\(instance \\d+, FPC-").contains("audit table missing");
        });
    }

    @Test
    void decisions_that_now_come_out_differently_are_reported_not_refused() throws Exception {
        Files.writeString(rules.resolve("fuel-purchase-contract/finance-deadline.drl"), """
                package org.plantflow.rules.fuelpurchasecontract.deadline

                import org.plantflow.approval.facts.*;

                rule "fuel-purchase-contract: demo contracts get nine days in finance"
                when
                    AssignQuestion( nodeId == "finance_review" )
                    Instance( businessKey.startsWith( "FPC-" ) )
                then
                    insert( DueIn.parse( "P9D" ) );
                end
                """);

        RulesActivation a = engine.reloadRules();

        assertThat(a.replayed()).isPositive();
        assertThat(a.replayedDifferently()).isNotEmpty().allSatisfy(d -> assertThat(d)
                .contains("assign at finance_review").contains("DueIn(PT48H) -> DueIn(PT216H)")
                .contains("fuel-purchase-contract: demo contracts get nine days in finance"));
        assertThat(engine.activeRules()).isEqualTo(a);
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select report from pf_rules_activation where id = " + a.id())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("differently: history entry");
        }
    }

    @Test
    void a_deploy_whose_new_version_breaks_a_scenario_row_of_its_rules_is_refused_and_writes_nothing() throws Exception {
        String bpmn = Files.readString(Path.of("approval-templates/fuel-purchase-contract.bpmn"));
        assertThat(bpmn).contains("approval:roles=\"fuel_clerk\"");
        long versions = count("select count(*) from pf_template where template_key = 'fuel-purchase-contract'");

        assertThatThrownBy(() -> engine.deploy("fuel-purchase-contract.bpmn",
                bpmn.replace("approval:roles=\"fuel_clerk\"", "approval:roles=\"fuel_assistant\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RulesInvalidException.class, e -> {
                    assertThat(e.getMessage()).contains("so it was not deployed");
                    assertThat(e.problems()).anySatisfy(p -> {
                        assertThat(p.file()).isEqualTo("fuel-purchase-contract/tasks.scenarios.csv");
                        assertThat(p.rule()).isEqualTo("the draft is offered to the fuel clerks");
                    });
                });
        assertThat(count("select count(*) from pf_template where template_key = 'fuel-purchase-contract'")).isEqualTo(versions);
    }

    @Test
    void an_activation_is_recorded_with_each_files_checksum_and_decisions_name_it() throws Exception {
        RulesActivation a = engine.activeRules();
        byte[] routing = Files.readAllBytes(rules.resolve(ROUTING));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(routing));

        assertThat(a.reason()).isEqualTo("START");
        assertThat(a.files()).containsEntry(ROUTING, sha).containsKey("core/routing.drl");
        assertThat(a.activatedBy()).contains("pid " + ProcessHandle.current().pid());
        assertThat(count("select count(*) from pf_rules_activation_file where activation_id = " + a.id())).isEqualTo(a.files().size());

        var i = engine.start("fuel-purchase-contract", "FPC-T-" + System.nanoTime(), "zhang.clerk", java.util.Map.of());
        HistoryEntry started = engine.history(i.id()).get(0);
        assertThat(count("select rules_activation_id from pf_history where id = " + started.id())).isEqualTo(a.id());

        Explanation x = engine.explain(started.id());
        assertThat(x.rules().activationId()).isEqualTo(a.id());
        assertThat(x.rules().fired()).isNotEmpty().allSatisfy(t -> assertThat(t.text()).startsWith("rule \"" + t.rule() + "\""));
        assertThat(x.text()).contains("under rules activation " + a.id());

        RulesActivation reloaded = engine.reloadRules();
        assertThat(reloaded.id()).isGreaterThan(a.id());
        assertThat(reloaded.reason()).isEqualTo("RELOAD");
        assertThat(reloaded.checksum()).isEqualTo(a.checksum());
        assertThat(engine.activeRules()).isEqualTo(reloaded);
    }

    @Test
    void the_demo_history_shows_the_exact_rule_text_that_sent_the_big_contract_to_the_general_manager() throws Exception {
        long entry = count("select min(id) from pf_history where rules_fired like '%" + GM_RULE + "%'");
        Explanation x = engine.explain(entry);

        Explanation.RuleText gm = x.rules().fired().stream().filter(t -> t.rule().equals(GM_RULE)).findFirst().orElseThrow();
        assertThat(gm.file()).isEqualTo(ROUTING);
        assertThat(gm.text()).contains("RouteQuestion( nodeId == \"gm_gate\" )").endsWith("end");
        assertThat(new String(Files.readAllBytes(Path.of("rules", ROUTING)), StandardCharsets.UTF_8)).contains(gm.text());
    }
}
