package org.plantflow.approval.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.facts.*;
import org.plantflow.approval.internal.history.DecisionRecord;
import org.plantflow.approval.internal.history.DecisionRecords;

/** Every fact type, written as a decision record writes it and read back from its JSON, is rebuilt as it was. */
class FactReaderTest {

    static Object roundTrip(Object fact) throws FactReader.Unreadable {
        return FactReader.read(DecisionRecords.asRead(DecisionRecords.fact(fact, false)), List.of());
    }

    /** The properties as a record stores them: what a replay compares. */
    static Object recorded(Object fact) {
        return DecisionRecords.asRead(DecisionRecords.fact(fact, false)).properties();
    }

    @Test
    void every_fact_type_written_to_a_record_and_read_back_is_the_same_fact() throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("amount", 3800000);
        vars.put("rate", 0.25);
        vars.put("supplier", "Shenhua");
        vars.put("urgent", true);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("amount", new BigDecimal("37980000.00"));
        fields.put("supplier_rating", "A");
        fields.put("quantity_t", new BigDecimal("60000.00"));
        List<Object> facts = List.of(
                new RouteQuestion("gm_gate", "ROUTE", null), new RouteQuestion("committee_vote", "PASS", "fail"),
                new AssignQuestion("finance_review", true, "zhao.finance"), new AssignQuestion("draft", false, null),
                new ActQuestion("li.leader", Set.of("fuel_manager", "legal"), "PASS"),
                new CompleteQuestion("leadership_countersign", "countersign", 2, 1, 0, 1),
                new JoinQuestion("review_join", "PARALLEL_GATEWAY", List.of("a", "b"), List.of("a")),
                new ReturnQuestion("finance_review"), new DeadlineQuestion(17, "payment_approval", "single", 1440),
                new Instance(7, "fuel-purchase-contract", 2, "FPC-1", "zhang.clerk", vars),
                new Variable("amount", 3800000), new Variable("rate", 0.25), new Variable("supplier", "Shenhua"),
                new BusinessFact("fuel.contractFacts", fields),
                new Task(41, "finance_review", "OPEN"), Candidate.role("finance"), Candidate.user("li.leader"),
                new Vote(12, "qian.qc", "qian.qc", "YES"), new Vote(13, null, "zhou.qc", "OPEN"),
                new Arrival("f_legal_done", "legal_review", 1, 1), new PathStep("draft", 3, 2, true, "zhang.clerk"),
                new Node("gm_gate", "EXCLUSIVE_GATEWAY", "Above?", List.of(), List.of(), "single", null, null, null, 1, 2),
                new Node("committee_vote", "USER_TASK", "Vote", List.of("qc"), List.of("a", "b"), "vote", "2/3", "P2D", null, 1, 2),
                new Flow("to_general_manager", "gm_gate", "general_manager_approval", "above", false, null),
                new Flow("no_general_manager", "gm_gate", "end_approved", null, true, "pass"),
                new Route("to_general_manager", "general_manager_approval"), new Route(null, "draft"),
                new DueIn(Duration.ofDays(2)), new Permit("offered to role finance"), new Deny("not the initiator"),
                new NodeOutcome("pass"), new JoinContinues("all arrived"), new ReturnTo("draft"),
                DeadlineAction.remind("overdue"), DeadlineAction.autoPass(), DeadlineAction.autoReturn(), DeadlineAction.failVote(),
                DeadlineAction.escalateToRole("finance_director").withNextDeadline(Duration.ofHours(4)),
                DeadlineAction.escalateToUser("liu.director"),
                "a text fact", 42L, new BigDecimal("1.50"), true);
        for (Object fact : facts) {
            Object back = roundTrip(fact);
            assertThat(back).as("type of %s", fact).isInstanceOf(fact.getClass());
            if (fact instanceof ActQuestion q) { // its roles are a set, printed in no fixed order
                ActQuestion a = (ActQuestion) back;
                assertThat(List.of(a.getUser(), a.getRoles(), a.getAction())).isEqualTo(List.of(q.getUser(), q.getRoles(), q.getAction()));
                continue;
            }
            assertThat(back.toString()).as("read back").isEqualTo(fact.toString());
            assertThat(recorded(back)).as("recorded again, %s", fact).isEqualTo(recorded(fact));
        }
    }

    @Test
    void business_fact_numbers_come_back_as_big_decimals_and_decimal_variables_as_doubles() throws Exception {
        BusinessFact b = (BusinessFact) roundTrip(new BusinessFact("q", Map.of("amount", new BigDecimal("37980000.00"), "n", 5)));
        assertThat(b.getFields().get("amount")).isEqualTo(new BigDecimal("37980000.00"));
        assertThat(b.getFields().get("n")).isEqualTo(new BigDecimal("5"));
        assertThat(b.text("amount")).isEqualTo("37980000.00");
        Instance i = (Instance) roundTrip(new Instance(1, "k", 1, "b", "u", Map.of("rate", 0.25, "n", 3)));
        assertThat(i.getVariables()).containsEntry("rate", 0.25).containsEntry("n", 3);
    }

    @Test
    void a_host_object_or_an_unknown_type_cannot_be_rebuilt_and_says_why() {
        record HostRow(String contractNo) {
        }
        assertThatThrownBy(() -> roundTrip(new HostRow("FPC-1")))
                .isInstanceOf(FactReader.Unreadable.class)
                .hasMessage("a fact of type HostRow (a host's object from a fact query, or a type this version does not know) "
                        + "cannot be rebuilt from its record");
        assertThatThrownBy(() -> FactReader.read(new DecisionRecord.Fact("Task", Map.of("nodeId", "draft"), false), List.of()))
                .isInstanceOf(FactReader.Unreadable.class).hasMessage("Task.id is missing");
    }

    @Test
    void a_template_fact_is_taken_from_the_deployed_version_by_id() throws Exception {
        Flow f = new Flow("to_general_manager", "gm_gate", "general_manager_approval", "above", false, null);
        Object back = FactReader.read(DecisionRecords.asRead(DecisionRecords.fact(f, true)), List.of(f));
        assertThat(back).isSameAs(f);
        assertThatThrownBy(() -> FactReader.read(DecisionRecords.asRead(DecisionRecords.fact(f, true)), List.of()))
                .hasMessage("template fact Flow 'to_general_manager' is not in the deployed template version");
    }
}
