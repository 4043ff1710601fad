package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ImpactScope;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.RuleImpact;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.cli.PlantflowCli;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.internal.persistence.MyBatisSetup;
import org.plantflow.approval.internal.persistence.MyBatisStore;
import org.plantflow.approval.internal.replay.DecisionReplay;
import org.plantflow.approval.internal.replay.Replay;
import org.plantflow.approval.internal.replay.ReplayReport;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateRegistry;
import org.plantflow.approval.testsupport.TestPostgres;
import org.plantflow.approval.testsupport.TestRules;

/**
 * Issue 11, items 4 and 5: fuel contracts on both sides of 5 and of 50 million CNY are run to the general-manager gate
 * with the shipped rules; then the impact of raising the general-manager limit to 50 million lists exactly the
 * contracts above 5 and at most 50 million, and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleImpactTest {
    private static final String KEY = "fuel-purchase-contract";
    private static final String GM_RULE = "fuel-purchase-contract: contracts above the limit go to the general manager";
    private static final String DEFAULT_RULE = "core: an exclusive gateway takes its default flow when no rule chose a branch";
    /** Contract number -> amount (CNY): below, at and above 5 million; in between; at and above 50 million. */
    private static final Map<String, String> AMOUNTS = new LinkedHashMap<>();

    static {
        AMOUNTS.put("IMP-4M", "4000000.00");
        AMOUNTS.put("IMP-5M", "5000000.00");
        AMOUNTS.put("IMP-5M01", "5000000.01");
        AMOUNTS.put("IMP-12M", "12800000.00");
        AMOUNTS.put("IMP-50M", "50000000.00");
        AMOUNTS.put("IMP-60M", "60000000.00");
    }

    private HikariDataSource ds;
    private ApprovalEngine engine;
    private final Map<String, Long> instances = new LinkedHashMap<>();
    private long unrecordedRowId;
    private long unrecordedInstance;
    private Path raised;

    @BeforeAll
    void runContractsToTheGeneralManagerGate() throws Exception {
        ds = (HikariDataSource) TestPostgres.newSchemaDataSource("impact");
        DemoSchema.migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> e : AMOUNTS.entrySet()) {
                s.execute("insert into demo_contract values ('" + e.getKey() + "', 2, 'coal', 10000, 600, " + e.getValue()
                        + ", 5500, 0.8, 12)");
            }
            s.execute("insert into demo_contract values ('IMP-OLD', 2, 'coal', 10000, 600, 30000000, 5500, 0.8, 12)");
        }
        engine = ApprovalEngine.builder().dataSource(ds).sweepInterval(java.time.Duration.ZERO).build();
        engine.deployBuiltInTemplates();
        for (String contract : AMOUNTS.keySet()) {
            instances.put(contract, toTheGate(contract).id());
        }
        // a row written "before decision records" (schema V3): its record removed
        InstanceView old = engine.start(KEY, "IMP-OLD", "zhang.clerk", Map.of());
        unrecordedInstance = old.id();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("select id from pf_history where instance_id = " + old.id() + " and action = 'START'");
            assertThat(rs.next()).isTrue();
            unrecordedRowId = rs.getLong(1);
            s.executeUpdate("update pf_history set decision_record = null where id = " + unrecordedRowId);
        }
        raised = copyOfTheRules("function double generalManagerAbove() { return 50000000; }");
    }

    @AfterAll
    void close() {
        engine.close();
        ds.close();
    }

    private InstanceView toTheGate(String contract) {
        InstanceView i = engine.start(KEY, contract, "zhang.clerk", Map.of());
        i = engine.pass(task(i, "draft"), Actor.of("zhang.clerk", "fuel_clerk"), null);
        i = engine.pass(task(i, "fuel_manager_review"), Actor.of("wang.manager", "fuel_manager"), null);
        i = engine.pass(task(i, "finance_review"), Actor.of("zhao.finance", "finance"), null);
        i = engine.pass(task(i, "legal_review"), Actor.of("qin.legal", "legal"), null);
        i = engine.pass(task(i, "leadership_countersign", "li.leader"), Actor.of("li.leader"), null);
        return engine.pass(task(i, "leadership_countersign", "wu.leader"), Actor.of("wu.leader"), null); // gm_gate decides here
    }

    private static long task(InstanceView i, String node) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node)).findFirst().orElseThrow().id();
    }

    private static long task(InstanceView i, String node, String user) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node) && t.candidates().contains("user:" + user))
                .findFirst().orElseThrow().id();
    }

    /** The shipped rules in a temp folder, with the general-manager limit line replaced. */
    private static Path copyOfTheRules(String limitLine) throws Exception {
        Path dir = TestRules.shippedPlus(Files.createTempDirectory("impact-no-extra"));
        Path routing = dir.resolve("fuel-purchase-contract/routing.drl");
        String drl = Files.readString(routing);
        String original = "function double generalManagerAbove() { return 5000000; }";
        assertThat(drl).contains(original);
        Files.writeString(routing, drl.replace(original, limitLine));
        return dir;
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> n = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("pf_history", "pf_instance", "pf_task", "pf_rules_activation")) {
                ResultSet rs = s.executeQuery("select count(*) from " + table);
                rs.next();
                n.put(table, rs.getLong(1));
            }
            ResultSet rs = s.executeQuery("select count(*) from pf_history where decision_record is null");
            rs.next();
            n.put("pf_history without record", rs.getLong(1));
        }
        return n;
    }

    @Test
    void raising_the_general_manager_limit_lists_exactly_the_contracts_above_5_and_up_to_50_million_and_changes_nothing()
            throws Exception {
        Map<String, Long> before = counts();

        RuleImpact impact = engine.impact(raised, KEY, ImpactScope.all());

        assertThat(impact.changes()).extracting(RuleImpact.Change::businessKey)
                .containsExactlyInAnyOrder("IMP-5M01", "IMP-12M", "IMP-50M");
        assertThat(impact.changes()).allSatisfy(c -> {
            assertThat(c.instanceId()).isEqualTo(instances.get(c.businessKey()));
            assertThat(c.nodeId()).isEqualTo("gm_gate");
            assertThat(c.kind()).isEqualTo("route");
            assertThat(c.question()).isEqualTo("RouteQuestion(gm_gate, ROUTE)");
            assertThat(c.before()).isEqualTo("Route(to_general_manager -> general_manager_approval)");
            assertThat(c.after()).isEqualTo("Route(no_general_manager -> end_approved)");
            assertThat(c.rulesBefore()).containsExactly(GM_RULE);
            assertThat(c.rulesNow()).containsExactly(DEFAULT_RULE);
        });
        assertThat(impact.changed()).isEqualTo(3);
        assertThat(impact.failed()).isZero();
        assertThat(impact.notReplayable()).isZero();
        assertThat(impact.evaluated()).isEqualTo(impact.unchanged() + 3);
        assertThat(impact.byNode().get("gm_gate")).isEqualTo(new RuleImpact.NodeSummary(AMOUNTS.size(), 3, 0));
        assertThat(impact.byNode().get("risk_check").changed()).isZero();
        assertThat(impact.unrecordedRows()).isEqualTo(1);
        assertThat(impact.unrecorded()).singleElement().satisfies(u -> {
            assertThat(u.historyEntryId()).isEqualTo(unrecordedRowId);
            assertThat(u.instanceId()).isEqualTo(unrecordedInstance);
            assertThat(u.businessKey()).isEqualTo("IMP-OLD");
        });
        assertThat(counts()).as("impact writes nothing").isEqualTo(before);
    }

    @Test
    void the_shipped_rules_themselves_change_no_recorded_decision() {
        RuleImpact impact = engine.impact(Path.of("rules"), KEY, ImpactScope.all());

        assertThat(impact.changes()).isEmpty();
        assertThat(impact.failures()).isEmpty();
        assertThat(impact.notReplayableDecisions()).isEmpty();
        assertThat(impact.evaluated()).isGreaterThan(AMOUNTS.size() * 6);
    }

    @Test
    void the_scope_last_n_takes_the_newest_recorded_rows_only() {
        // the newest recorded rows are those of IMP-OLD's start (its START record is gone) and the last contract's calls
        RuleImpact last = engine.impact(raised, KEY, ImpactScope.last(1));
        assertThat(last.evaluated()).isPositive();
        assertThat(last.changes()).isEmpty(); // IMP-60M's gate stays with the general manager
        RuleImpact since = engine.impact(raised, KEY, ImpactScope.since(java.time.Instant.now().plusSeconds(3600)));
        assertThat(since.evaluated()).isZero();
        assertThat(since.unrecordedRows()).isZero();
    }

    @Test
    void rules_that_do_not_compile_are_refused_with_the_file() throws Exception {
        Path broken = copyOfTheRules("function double generalManagerAbove() { return 50000000 }");
        assertThatThrownBy(() -> engine.impact(broken, KEY, ImpactScope.all()))
                .isInstanceOfSatisfying(RulesInvalidException.class,
                        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo("fuel-purchase-contract/routing.drl")));
    }

    @Test
    void the_impact_command_prints_the_changed_contracts_the_summary_and_the_unrecorded_row() throws Exception {
        Map<String, Long> before = counts();
        String url = TestPostgres.jdbcUrl() + (TestPostgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + ds.getSchema();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = PlantflowCli.run(new String[] {"impact", "--jdbc-url", url, "--db-user", TestPostgres.user(),
                "--db-password", TestPostgres.password(), "--rules", raised.toString(), "--template", KEY},
                new PrintWriter(out), new PrintWriter(err));

        String text = out.toString();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(text).contains("3 changed, 0 failed, 0 not replayable");
        for (String changed : List.of("IMP-5M01", "IMP-12M", "IMP-50M")) {
            assertThat(text).contains("  entry " + impactEntry(changed) + ", instance " + instances.get(changed) + " (" + changed
                    + "), route at gm_gate: RouteQuestion(gm_gate, ROUTE)\n"
                    + "      Route(to_general_manager -> general_manager_approval) -> Route(no_general_manager -> end_approved)\n"
                    + "      rules before: " + GM_RULE + "\n"
                    + "      rules now:    " + DEFAULT_RULE + "\n");
        }
        for (String unchanged : List.of("IMP-4M", "(IMP-5M)", "IMP-60M")) {
            assertThat(text).doesNotContain(unchanged);
        }
        assertThat(text).containsPattern("gm_gate\\s+" + AMOUNTS.size() + "\\s+3\\s+0");
        assertThat(text).contains("1 history rows without a decision record")
                .contains("entry " + unrecordedRowId + ", instance " + unrecordedInstance + " (IMP-OLD), START")
                .contains("Nothing was changed");
        assertThat(counts()).isEqualTo(before);
    }

    /** The history entry of the contract's gm_gate decision: its last row (the countersign that completed). */
    private long impactEntry(String contract) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select max(id) from pf_history where instance_id = " + instances.get(contract)
                     + " and decision_record is not null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void replay_with_a_rule_that_throws_at_run_time_reports_the_decision_as_failed_naming_the_rule() throws Exception {
        Path throwing = Files.createTempDirectory("impact-throwing");
        TestRules.copyTree(Path.of("rules"), throwing);
        Path routing = throwing.resolve("fuel-purchase-contract/routing.drl");
        Files.writeString(routing, Files.readString(routing).replace("number(\"amount\") > generalManagerAbove()",
                "number(\"amount\") > Double.parseDouble(\"five million\")"));
        CompiledRules candidate = CompiledRules.compile(ResourceFolder.directory(throwing));
        SqlSessionFactory sessions = MyBatisSetup.build(ds, new JdbcTransactionFactory(), "postgresql", null);
        ReplayReport report;
        try (SqlSession session = sessions.openSession(true)) {
            report = Replay.recent(new MyBatisStore(session), new TemplateRegistry(), candidate, List.of(KEY), 500);
        }

        // the constraint is evaluated as each BusinessFact goes in, so every decision of these contracts fails, the gate's too
        assertThat(report.failed()).filteredOn(f -> "gm_gate".equals(f.nodeId())).extracting(DecisionReplay::businessKey)
                .containsExactlyInAnyOrderElementsOf(AMOUNTS.keySet());
        assertThat(report.failed()).allSatisfy(f -> {
            assertThat(f.verdict()).isEqualTo(DecisionReplay.Verdict.FAILED);
            assertThat(f.error()).contains("five million").contains(GM_RULE);
        });
        assertThat(report.changed()).isEmpty();
        assertThat(report.notReplayable()).isZero();
        assertThat(report.replayed()).isGreaterThan(AMOUNTS.size() * 6);
    }
}
