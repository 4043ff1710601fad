package org.plantflow.approval.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceStatus;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;
import org.plantflow.approval.testsupport.MutableClock;
import org.plantflow.approval.testsupport.TestPostgres;

/**
 * The shipped templates end to end on a real PostgreSQL with the shipped rules and fact queries over the
 * sample host schema (sql/demo): a table of scenarios (facts in, who passes or returns what, the flows expected
 * and the end reached), and a last check that together they take every outgoing flow of every gateway and vote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedTemplatesEndToEndTest {
    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor FUEL_MANAGER = Actor.of("wang.manager", "fuel_manager");
    static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    static final Actor LEGAL = Actor.of("qin.legal", "legal");
    static final Actor GM = Actor.of("chen.gm", "general_manager");
    static final Actor LI = Actor.of("li.leader");
    static final Actor WU = Actor.of("wu.leader");
    static final Actor SAMPLER = Actor.of("sun.sampler", "sampler");
    static final Actor LAB = Actor.of("ma.lab", "lab_technician");
    static final Actor QIAN = Actor.of("qian.qc");
    static final Actor ZHOU = Actor.of("zhou.qc");
    static final Actor WU_QC = Actor.of("wu.qc");
    static final Actor ACCOUNTANT = Actor.of("hu.accountant", "fuel_accountant");
    static final Actor FINANCE_MANAGER = Actor.of("guo.finmgr", "finance_manager");
    static final Actor FINANCE_DIRECTOR = Actor.of("liu.director", "finance_director");
    static final Actor YARD = Actor.of("tang.yard", "yard_keeper");

    /** One step of a scenario: pass or return the open task at a node, or let time pass and sweep. */
    record Act(String kind, String node, Actor actor, Duration waitFor) {
        static Act pass(String node, Actor a) { return new Act("PASS", node, a, null); }
        static Act back(String node, Actor a) { return new Act("RETURN", node, a, null); }
        static Act waitAndSweep(Duration d) { return new Act("SWEEP", null, null, d); }
    }

    /** A row of the table: the host facts, the acts, the flows that must be taken and the end reached. */
    record Scenario(String name, String template, String hostRowSql, List<Act> acts, List<String> flows, String end) {
    }

    private final List<Scenario> table = List.of(
            new Scenario("a small contract from an A supplier takes the fast track", "fuel-purchase-contract",
                    "insert into demo_contract values ('%s', 1, 'coal', 1000, 800, 800000, 5500, 0.8, 12)",
                    List.of(Act.pass("draft", CLERK), Act.pass("fuel_manager_review", FUEL_MANAGER), Act.pass("finance_check", FINANCE)),
                    List.of("to_fast_track", "f_fast_done"), "end_fast_track"),
            new Scenario("a small contract from a C supplier gets the full review but not the general manager", "fuel-purchase-contract",
                    "insert into demo_contract values ('%s', 3, 'coal', 1000, 800, 800000, 5000, 1.0, 14)",
                    List.of(Act.pass("draft", CLERK), Act.pass("fuel_manager_review", FUEL_MANAGER), Act.pass("legal_review", LEGAL),
                            Act.pass("finance_review", FINANCE), Act.pass("leadership_countersign", LI), Act.pass("leadership_countersign", WU)),
                    List.of("to_full_review", "to_finance", "to_legal", "no_general_manager"), "end_approved"),
            new Scenario("a big contract goes to the general manager after the countersign", "fuel-purchase-contract",
                    "insert into demo_contract values ('%s', 1, 'coal', 60000, 633, 37980000, 5500, 0.8, 12)",
                    List.of(Act.pass("draft", CLERK), Act.pass("fuel_manager_review", FUEL_MANAGER), Act.pass("finance_review", FINANCE),
                            Act.pass("legal_review", LEGAL), Act.pass("leadership_countersign", WU), Act.pass("leadership_countersign", LI),
                            Act.pass("general_manager_approval", GM)),
                    List.of("to_full_review", "to_general_manager", "f_gm_done"), "end_approved_by_gm"),
            new Scenario("finance returns during the full review; the resubmission re-runs it", "fuel-purchase-contract",
                    "insert into demo_contract values ('%s', 2, 'coal', 20000, 640, 12800000, 5500, 0.8, 12)",
                    List.of(Act.pass("draft", CLERK), Act.pass("fuel_manager_review", FUEL_MANAGER), Act.back("finance_review", FINANCE),
                            Act.pass("fuel_manager_review", FUEL_MANAGER), Act.pass("finance_review", FINANCE), Act.pass("legal_review", LEGAL),
                            Act.pass("leadership_countersign", LI), Act.pass("leadership_countersign", WU), Act.pass("general_manager_approval", GM)),
                    List.of("to_full_review", "to_general_manager"), "end_approved_by_gm"),
            new Scenario("a batch within tolerance is accepted by the fuel manager", "coal-acceptance",
                    "insert into demo_coal_batch values ('%s', 'FPC-2026-0102', 3000, 5460, 0.85, 12.6)",
                    List.of(Act.pass("sampling", SAMPLER), Act.pass("lab_check", LAB), Act.pass("accept_batch", FUEL_MANAGER)),
                    List.of("within_tolerance", "f_accepted"), "end_accepted"),
            new Scenario("a batch beyond tolerance accepted by 2 of 3 committee votes takes a price deduction", "coal-acceptance",
                    "insert into demo_coal_batch values ('%s', 'FPC-2026-0102', 3000, 5300, 0.85, 12.6)",
                    List.of(Act.pass("sampling", SAMPLER), Act.pass("lab_check", LAB), Act.pass("committee_vote", QIAN),
                            Act.back("committee_vote", ZHOU), Act.pass("committee_vote", WU_QC), Act.pass("price_deduction", FUEL_MANAGER)),
                    List.of("beyond_tolerance", "vote_passed", "f_deducted"), "end_deducted"),
            new Scenario("a batch beyond tolerance voted down by the committee is rejected", "coal-acceptance",
                    "insert into demo_coal_batch values ('%s', 'FPC-2026-0102', 3000, 5480, 1.25, 12.6)",
                    List.of(Act.pass("sampling", SAMPLER), Act.pass("lab_check", LAB), Act.back("committee_vote", QIAN),
                            Act.back("committee_vote", ZHOU), Act.pass("reject_batch", FUEL_MANAGER)),
                    List.of("beyond_tolerance", "vote_failed", "f_rejected"), "end_rejected"),
            new Scenario("a committee vote still open after its deadline fails and the batch is rejected", "coal-acceptance",
                    "insert into demo_coal_batch values ('%s', 'FPC-2026-0102', 3000, 5500, 0.8, 15.5)",
                    List.of(Act.pass("sampling", SAMPLER), Act.pass("lab_check", LAB), Act.pass("committee_vote", QIAN),
                            Act.waitAndSweep(Duration.ofDays(2)), Act.pass("reject_batch", FUEL_MANAGER)),
                    List.of("beyond_tolerance", "vote_failed"), "end_rejected"),
            new Scenario("a settlement approved in time", "fuel-settlement",
                    "insert into demo_settlement values ('%s', 'FPC-2026-0102', '2026-11', 18990000)",
                    List.of(Act.pass("settlement_review", ACCOUNTANT), Act.pass("finance_review", FINANCE),
                            Act.pass("payment_approval", FINANCE_MANAGER)),
                    List.of("f_paid"), "end_paid"),
            new Scenario("a settlement whose payment approval misses its deadline is escalated to the finance director", "fuel-settlement",
                    "insert into demo_settlement values ('%s', 'FPC-2026-0102', '2026-11', 18990000)",
                    List.of(Act.pass("settlement_review", ACCOUNTANT), Act.pass("finance_review", FINANCE),
                            Act.waitAndSweep(Duration.ofDays(2)), Act.pass("payment_approval", FINANCE_DIRECTOR)),
                    List.of("f_paid"), "end_paid"),
            new Scenario("a stocktake difference within the tolerance rate needs only the fuel manager", "coal-yard-inventory-adjustment",
                    "insert into demo_stocktake values ('%s', 'east yard', '2026-10', 120000, 119640)",
                    List.of(Act.pass("stocktake_report", YARD), Act.pass("fuel_manager_confirm", FUEL_MANAGER)),
                    List.of("within_tolerance", "f_confirmed"), "end_confirmed"),
            new Scenario("a stocktake gain beyond the tolerance rate needs the leadership countersign", "coal-yard-inventory-adjustment",
                    "insert into demo_stocktake values ('%s', 'west yard', '2026-11', 80000, 81000)",
                    List.of(Act.pass("stocktake_report", YARD), Act.pass("leadership_countersign", WU), Act.pass("leadership_countersign", LI)),
                    List.of("beyond_tolerance", "f_countersigned"), "end_countersigned"));

    private final MutableClock clock = new MutableClock("2026-11-02T01:00:00Z");
    private final Set<String> taken = new TreeSet<>();
    private DataSource dataSource;
    private ApprovalEngine engine;
    private int keys;

    @BeforeAll
    void setUp() {
        dataSource = TestPostgres.newSchemaDataSource("shipped");
        DemoSchema.migrate(dataSource);
        engine = ApprovalEngine.builder().dataSource(dataSource).clock(clock).sweepInterval(Duration.ZERO).build();
        engine.deployBuiltInTemplates();
    }

    @AfterAll
    void tearDown() {
        engine.close();
        ((HikariDataSource) dataSource).close();
    }

    @TestFactory
    Stream<DynamicTest> every_scenario_takes_its_expected_path_and_together_they_cover_every_gateway_flow() {
        Stream<DynamicTest> scenarios = table.stream().map(s -> DynamicTest.dynamicTest(s.template() + ": " + s.name(), () -> run(s)));
        Stream<DynamicTest> coverage = Stream.of(DynamicTest.dynamicTest("every outgoing flow of every gateway and vote is covered",
                this::assertEveryChoiceFlowCovered));
        return Stream.concat(scenarios, coverage);
    }

    private void run(Scenario s) throws Exception {
        String key = "E2E-" + (++keys);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(String.format(s.hostRowSql(), key))) {
            ps.executeUpdate();
        }
        InstanceView i = engine.start(s.template(), key, "someone", Map.of());
        for (Act act : s.acts()) {
            switch (act.kind()) {
                case "SWEEP" -> {
                    engine.sweep(clock.advance(act.waitFor()));
                    i = engine.instance(i.id());
                }
                case "PASS", "RETURN" -> {
                    TaskView t = openTaskFor(i, act);
                    i = act.kind().equals("PASS") ? engine.pass(t.id(), act.actor(), null) : engine.returnTask(t.id(), act.actor(), null);
                }
                default -> throw new IllegalStateException(act.kind());
            }
        }
        List<HistoryEntry> history = engine.history(i.id());
        Set<String> flows = flowsTaken(history);
        taken.addAll(flows.stream().map(f -> s.template() + "/" + f).toList());
        assertThat(i.status()).as("final state of " + s.name()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(flows).as("flows taken").containsAll(s.flows());
        List<String> arrivals = history.stream().flatMap(h -> h.toNodes().stream()).toList();
        assertThat(arrivals).as("end reached").contains(s.end());
        assertThat(history).allSatisfy(h -> {
            if (!h.action().equals("END") && !h.action().equals("START")) {
                assertThat(h.rulesFired()).as("every acting row names the rules that decided it: " + h).isNotEmpty();
            }
        });
    }

    private static TaskView openTaskFor(InstanceView i, Act act) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(act.node()))
                .filter(t -> t.candidates().contains("user:" + act.actor().user())
                        || act.actor().roles().stream().anyMatch(r -> t.candidates().contains("role:" + r)))
                .findFirst().orElseThrow(() -> new AssertionError("no open task at " + act.node() + " for " + act.actor()
                        + "; open: " + i.openTasks()));
    }

    private static final Pattern VIA = Pattern.compile(" via ([\\w-]+)");

    static Set<String> flowsTaken(List<HistoryEntry> history) {
        Set<String> flows = new LinkedHashSet<>();
        for (HistoryEntry h : history) {
            if (h.decision() != null) {
                Matcher m = VIA.matcher(h.decision());
                while (m.find()) {
                    flows.add(m.group(1));
                }
            }
        }
        return flows;
    }

    private void assertEveryChoiceFlowCovered() throws Exception {
        List<String> required = new ArrayList<>();
        try (var files = Files.list(Path.of("approval-templates"))) {
            for (Path f : files.sorted().toList()) {
                TemplateModel m = new TemplateParser().parse(f.toString(), Files.readAllBytes(f)).model();
                for (var n : m.nodes().values()) {
                    boolean gateway = n.type() == NodeType.EXCLUSIVE_GATEWAY || n.type() == NodeType.PARALLEL_GATEWAY;
                    if ((gateway || "vote".equals(n.signMode())) && m.outgoing(n.id()).size() > 1) {
                        m.outgoing(n.id()).stream().map(FlowDef::id).forEach(id -> required.add(m.key() + "/" + id));
                    }
                }
            }
        }
        assertThat(required).as("the shipped templates have gateways").hasSizeGreaterThan(8);
        assertThat(taken).as("flows taken by the scenario table").containsAll(required);
    }
}
