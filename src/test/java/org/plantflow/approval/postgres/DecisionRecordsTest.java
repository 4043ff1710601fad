package org.plantflow.approval.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.cli.PlantflowCli;
import org.plantflow.approval.internal.history.DecisionRecord;
import org.plantflow.approval.internal.history.DecisionRecords;
import org.plantflow.approval.testsupport.TestPostgres;

/**
 * Every decision the rules take is recorded with the facts it saw: the demo (every shipped template, returns,
 * countersigns, votes, deadlines) runs on PostgreSQL and each history row's decision record is walked.
 */
class DecisionRecordsTest {
    private static final Set<String> BOOKKEEPING = Set.of("END", "AUTO", "ABSORBED", "ACTION_FAILED");
    private static final Set<String> KINDS = Set.of("route", "assign", "act", "complete", "join", "return", "deadline");
    private static String url;

    @BeforeAll
    static void runTheDemo() throws Exception {
        String schema = "decision_records_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(TestPostgres.jdbcUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        url = TestPostgres.jdbcUrl() + (TestPostgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(new String[] {"demo", "--jdbc-url", url, "--db-user", TestPostgres.user(),
                "--db-password", TestPostgres.password()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(exit).as(err.toString()).isZero();
    }

    record Row(long id, String action, String rulesFired, String decision, String record) {
    }

    private static List<Row> history() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, action, rules_fired, decision, decision_record from pf_history order by id")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return rows;
    }

    @Test
    void every_action_of_the_demo_has_a_complete_decision_record() throws Exception {
        List<Row> rows = history();
        assertThat(rows).hasSizeGreaterThan(30);
        Set<String> kindsSeen = new HashSet<>();
        for (Row row : rows) {
            if (BOOKKEEPING.contains(row.action())) {
                assertThat(row.record()).as("bookkeeping row %s %s", row.id(), row.action()).isNull();
                continue;
            }
            assertThat(row.record()).as("row %s %s", row.id(), row.action()).isNotNull();
            DecisionRecord r = DecisionRecords.fromJson(row.record(), row.id());
            assertThat(r.format()).isEqualTo(DecisionRecord.FORMAT);
            assertThat(r.templateKey()).isNotBlank();
            assertThat(r.templateVersion()).isPositive();
            // facts are stored once per call
            assertThat(new HashSet<>(r.facts())).as("row %s facts stored once", row.id()).hasSameSizeAs(r.facts());
            List<String> rulesInRecord = new ArrayList<>();
            for (DecisionRecord.Decision d : r.decisions()) {
                kindsSeen.add(d.kind());
                assertThat(KINDS).contains(d.kind());
                assertThat(d.question()).isNotNull();
                assertThat(d.saw()).allSatisfy(i -> assertThat(i).isBetween(0, r.facts().size() - 1));
                assertThat(d.saw().stream().map(i -> r.facts().get(i).type())).as("row %s: the instance is seen", row.id())
                        .contains("Instance");
                Set<Integer> attributed = new HashSet<>();
                for (DecisionRecord.Firing f : d.firings()) {
                    rulesInRecord.add(f.rule());
                    for (String ref : f.matched()) {
                        assertThat(resolves(ref, r, d)).as("row %s rule %s matched %s", row.id(), f.rule(), ref).isTrue();
                    }
                    attributed.addAll(f.inserted());
                }
                for (int a = 0; a < d.answers().size(); a++) {
                    assertThat(attributed).as("row %s: answer %s is attributed to the rule that inserted it", row.id(),
                            d.answers().get(a)).contains(a);
                }
                if (!"act".equals(d.kind())) {
                    assertThat(d.decided()).as("row %s %s: the engine's conclusion", row.id(), d.kind()).isNotBlank();
                    for (String part : d.decided().split("; ")) {
                        assertThat(row.decision()).contains(part);
                    }
                }
            }
            List<String> column = row.rulesFired() == null ? List.of() : Arrays.asList(row.rulesFired().split("; "));
            assertThat(new ArrayList<>(new LinkedHashSet<>(rulesInRecord))).as("row %s rules", row.id()).isEqualTo(column);
        }
        assertThat(kindsSeen).as("the demo asks every kind of question but join-less ones")
                .contains("route", "assign", "act", "complete", "join", "return", "deadline");
    }

    @Test
    void a_call_stores_the_facts_its_decisions_share_once() throws Exception {
        Row pass = history().stream().filter(r -> "PASS".equals(r.action()) && r.record() != null
                && DecisionRecords.fromJson(r.record(), r.id()).decisions().size() >= 3).findFirst().orElseThrow();
        DecisionRecord r = DecisionRecords.fromJson(pass.record(), pass.id());
        long instanceFacts = r.facts().stream().filter(f -> f.type().equals("Instance")).count();
        assertThat(instanceFacts).isOne();
        int instance = r.facts().indexOf(r.facts().stream().filter(f -> f.type().equals("Instance")).findFirst().orElseThrow());
        assertThat(r.decisions()).allSatisfy(d -> assertThat(d.saw()).contains(instance));
    }

    @Test
    void explain_on_the_big_contract_names_the_rule_and_the_amount_it_compared() throws Exception {
        Row gm = history().stream().filter(r -> r.rulesFired() != null
                && r.rulesFired().contains("contracts above the limit go to the general manager")).findFirst().orElseThrow();
        try (ApprovalEngine engine = ApprovalEngine.builder().jdbcUrl(url, TestPostgres.user(), TestPostgres.password()).build()) {
            Explanation x = engine.explain(gm.id());
            assertThat(x.recorded()).isTrue();
            Explanation.Decision route = x.decisions().stream().filter(d -> d.question().contains("nodeId=gm_gate"))
                    .findFirst().orElseThrow();
            assertThat(route.firings()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("fuel-purchase-contract: contracts above the limit go to the general manager");
                assertThat(f.firedOn()).anySatisfy(on -> assertThat(on).startsWith("BusinessFact(query=fuel.contractFacts")
                        .contains("amount=37980000.00"));
                assertThat(f.inserted()).containsExactly("Route(flowId=to_general_manager, to=general_manager_approval)");
            });
            assertThat(route.decided()).isEqualTo("gm_gate -> general_manager_approval via to_general_manager");
            assertThat(x.text()).contains("rule \"fuel-purchase-contract: contracts above the limit go to the general manager\" "
                    + "fired on RouteQuestion(nodeId=gm_gate, action=ROUTE), BusinessFact(query=fuel.contractFacts, fields={")
                    .contains("amount=37980000.00");
        }
        StringWriter out = new StringWriter();
        int exit = PlantflowCli.run(new String[] {"explain", "--history", String.valueOf(gm.id()), "--jdbc-url", url,
                "--db-user", TestPostgres.user(), "--db-password", TestPostgres.password()}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("contracts above the limit go to the general manager", "amount=37980000.00");
    }

    @Test
    void history_rows_written_before_decision_records_keep_working_and_explain_says_why_they_have_none() throws Exception {
        DataSource ds = TestPostgres.newSchemaDataSource("pre_v3");
        try {
            org.flywaydb.core.Flyway.configure().dataSource(ds).locations("filesystem:sql/postgresql").table("pf_schema_history")
                    .baselineOnMigrate(true).baselineVersion("0").target("2").load().migrate();
            long historyId;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into pf_template (template_key, template_version, name, source_xml, checksum, deployed_at) "
                        + "values ('old', 1, 'Old', '<x/>', '" + "0".repeat(64) + "', now())");
                s.execute("insert into pf_instance (template_id, template_key, business_key, status, initiator, started_at, version) "
                        + "select id, 'old', 'OLD-1', 'COMPLETED', 'zhang', now(), 0 from pf_template");
                s.execute("insert into pf_history (instance_id, action, actor, from_node, to_node, rules_fired, decision, created_at) "
                        + "select id, 'PASS', 'zhang', 'draft', 'review', 'core: follow the single outgoing flow', "
                        + "'draft -> review via f2', now() from pf_instance");
                try (ResultSet rs = s.executeQuery("select id from pf_history")) {
                    rs.next();
                    historyId = rs.getLong(1);
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            try (ApprovalEngine engine = ApprovalEngine.builder().dataSource(ds).build()) { // migrates to V3
                HistoryEntry old = engine.history(engine.explain(historyId).entry().instanceId()).get(0);
                assertThat(old.rulesFired()).containsExactly("core: follow the single outgoing flow");
                Explanation x = engine.explain(historyId);
                assertThat(x.recorded()).isFalse();
                assertThat(x.note()).isEqualTo("no decision record: written before decision records existed (schema V3); "
                        + "its rules fired: core: follow the single outgoing flow; decided: draft -> review via f2");
                // and the instance's new calls are recorded in full next to it
                engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
                InstanceView i = engine.start("linear-contract", "FPC-V3-1", "zhang.clerk", Map.of());
                long start = engine.history(i.id()).get(0).id();
                assertThat(engine.explain(start).recorded()).isTrue();
                assertThat(engine.explain(start).decisions()).extracting(Explanation.Decision::kind).contains("route", "assign");
            }
        } finally {
            ((HikariDataSource) ds).close();
        }
    }

    private static boolean resolves(String ref, DecisionRecord r, DecisionRecord.Decision d) {
        if (ref.equals("question")) {
            return true;
        }
        if (ref.startsWith("fact:")) {
            return Integer.parseInt(ref.substring(5)) < r.facts().size();
        }
        if (ref.startsWith("answer:")) {
            return Integer.parseInt(ref.substring(7)) < d.answers().size();
        }
        return false;
    }
}
