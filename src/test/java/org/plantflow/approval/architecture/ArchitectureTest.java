package org.plantflow.approval.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.architecture.fixture.PublicTypeShowingInternals;
import org.plantflow.approval.architecture.fixture.internal.engine.EngineUsingJdbc;
import org.plantflow.approval.architecture.fixture.internal.engine.EngineUsingMyBatis;
import org.plantflow.approval.architecture.fixture.internal.validation.ValidatorUsingDrools;
import org.plantflow.approval.architecture.fixture.web.ControllerUsingInternals;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The main code keeps the rooms' doors; each rule fails on a class that breaks it (so none passes vacuously). */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.plantflow.approval");

    @Test
    void the_engine_imports_neither_mybatis_nor_jdbc_nor_hikari_nor_drools() {
        assertThatCode(() -> ArchitectureRules.ENGINE_IS_PLAIN_JAVA.check(MAIN)).doesNotThrowAnyException();
    }

    @Test
    void only_persistence_knows_mybatis_and_jdbc() {
        assertThatCode(() -> ArchitectureRules.ONE_DOOR_TO_THE_DATABASE.check(MAIN)).doesNotThrowAnyException();
    }

    @Test
    void only_decision_knows_drools() {
        assertThatCode(() -> ArchitectureRules.ONE_DOOR_TO_THE_RULES.check(MAIN)).doesNotThrowAnyException();
    }

    @Test
    void public_packages_expose_no_internal_type() {
        assertThatCode(() -> ArchitectureRules.PUBLIC_API_SHOWS_NO_INTERNAL_TYPE.check(MAIN)).doesNotThrowAnyException();
    }

    @Test
    void an_engine_class_using_jdbc_or_mybatis_breaks_the_engine_rule() {
        assertBroken(ArchitectureRules.ENGINE_IS_PLAIN_JAVA, EngineUsingJdbc.class, "java.sql.Connection");
        assertBroken(ArchitectureRules.ENGINE_IS_PLAIN_JAVA, EngineUsingMyBatis.class, "org.apache.ibatis.session.SqlSession");
    }

    @Test
    void an_internal_class_outside_persistence_using_mybatis_breaks_the_database_door_rule() {
        assertBroken(ArchitectureRules.ONE_DOOR_TO_THE_DATABASE, EngineUsingMyBatis.class, "org.apache.ibatis.session.SqlSession");
    }

    @Test
    void a_class_outside_decision_using_drools_breaks_the_rules_door_rule() {
        assertBroken(ArchitectureRules.ONE_DOOR_TO_THE_RULES, ValidatorUsingDrools.class, "org.kie.api.KieBase");
        assertBroken(ArchitectureRules.ENGINE_IS_PLAIN_JAVA, org.plantflow.approval.architecture.fixture.internal.engine.EngineUsingDrools.class,
                "org.kie.api.runtime.KieSession");
    }

    @Test
    void the_rest_adapter_uses_only_the_public_facade() {
        assertThatCode(() -> ArchitectureRules.REST_USES_THE_FACADE_ONLY.check(MAIN)).doesNotThrowAnyException();
    }

    @Test
    void a_rest_class_using_an_internal_class_breaks_the_adapter_rule() {
        assertBroken(ArchitectureRules.REST_USES_THE_FACADE_ONLY, ControllerUsingInternals.class,
                "org.plantflow.approval.internal.demo.DemoSchema");
    }

    @Test
    void a_public_method_returning_an_internal_type_breaks_the_public_api_rule() {
        assertBroken(ArchitectureRules.PUBLIC_API_SHOWS_NO_INTERNAL_TYPE, PublicTypeShowingInternals.class,
                "org.plantflow.approval.internal.persistence.Rows$TaskRow");
    }

    private static void assertBroken(ArchRule rule, Class<?> fixture, String offendingType) {
        JavaClasses one = new ClassFileImporter().importClasses(fixture);
        assertThatThrownBy(() -> rule.check(one)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(fixture.getSimpleName()).hasMessageContaining(offendingType);
    }
}
