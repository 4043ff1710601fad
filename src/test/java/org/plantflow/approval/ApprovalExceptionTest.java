package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalException.Subject;

/** The ids every exception carries as fields, and the one map a REST layer serializes. */
class ApprovalExceptionTest {

    @Test
    void an_exception_about_nothing_in_particular_has_null_ids_no_rules_and_empty_details() {
        ApprovalException e = new ApprovalException("cannot read template file x.bpmn");
        assertThat(e.subject()).isEqualTo(Subject.NONE);
        assertThat(e.instanceId()).isNull();
        assertThat(e.taskId()).isNull();
        assertThat(e.nodeId()).isNull();
        assertThat(e.templateKey()).isNull();
        assertThat(e.templateVersion()).isNull();
        assertThat(e.businessKey()).isNull();
        assertThat(e.user()).isNull();
        assertThat(e.rulesFired()).isEmpty();
        assertThat(e.details()).isEmpty();
    }

    @Test
    void details_list_the_known_ids_in_a_fixed_order_then_the_subclass_fields_and_leave_out_the_unknown() {
        Subject about = Subject.task(100).withUser("li").withNode("draft").withInstance(7L)
                .withTemplate("fuel-purchase-contract", 2).withRulesFired(List.of("permit clerk"));
        InvalidInputException e = new InvalidInputException(about, "comment", 2000, "comment is too long");
        assertThat(e.details()).containsExactly(entry("instanceId", 7L), entry("taskId", 100L), entry("nodeId", "draft"),
                entry("templateKey", "fuel-purchase-contract"), entry("templateVersion", 2), entry("user", "li"),
                entry("rulesFired", List.of("permit clerk")), entry("field", "comment"), entry("limit", 2000));
        assertThatThrownBy(() -> e.details().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_subject_keeps_a_copy_of_the_rules_fired_so_later_firings_do_not_change_a_thrown_exception() {
        List<String> fired = new ArrayList<>(List.of("route start"));
        DecisionException e = new DecisionException(Subject.instance(7).withRulesFired(fired), "no route");
        fired.add("a later rule");
        assertThat(e.rulesFired()).containsExactly("route start");
    }

    @Test
    void a_null_subject_means_about_nothing() {
        assertThat(new NotFoundException(null, "gone").subject()).isEqualTo(Subject.NONE);
    }

    @Test
    void each_exception_of_the_engine_is_an_approval_exception() {
        List<Class<? extends RuntimeException>> types = List.of(ConflictException.class, DecisionException.class,
                IllegalOperationException.class, InstanceAlreadyRunningException.class, InvalidInputException.class,
                NotAuthorizedException.class, NotFoundException.class, OptimisticLockException.class,
                RulesInvalidException.class, TaskNotOpenException.class, TemplateInvalidException.class);
        assertThat(types).allMatch(ApprovalException.class::isAssignableFrom);
    }
}
