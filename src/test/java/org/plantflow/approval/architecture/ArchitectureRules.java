package org.plantflow.approval.architecture;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rooms of the code and their doors, as rules: the engine is plain Java; {@code internal/persistence} is the one
 * door to MyBatis and JDBC, {@code internal/decision} the one door to Drools; the public API shows no internal type.
 * {@code ArchitectureTest} checks the main code against them, and checks that each rule fails on a class that
 * breaks it.
 */
final class ArchitectureRules {
    static final String[] DATABASE_LIBRARIES = {"org.apache.ibatis..", "org.mybatis..", "com.zaxxer..", "java.sql.."};
    static final String[] RULE_LIBRARIES = {"org.kie..", "org.drools.."};

    private ArchitectureRules() {
    }

    /** The state machine imports neither the database nor the rules libraries. */
    static final ArchRule ENGINE_IS_PLAIN_JAVA = noClasses().that().resideInAPackage("..internal.engine..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(DATABASE_LIBRARIES, RULE_LIBRARIES))
            .because("internal/engine is the state machine: it reaches the database through Store and the rules "
                    + "through DecisionPort");

    /** MyBatis, HikariCP and JDBC are known only to internal/persistence (the public SPI hands hosts a Connection). */
    static final ArchRule ONE_DOOR_TO_THE_DATABASE = noClasses().that().resideInAPackage("..internal..")
            .and().resideOutsideOfPackage("..internal.persistence..")
            .should().dependOnClassesThat().resideInAnyPackage(DATABASE_LIBRARIES)
            .because("internal/persistence is the one door to MyBatis and JDBC");

    /** Drools is known only to internal/decision. */
    static final ArchRule ONE_DOOR_TO_THE_RULES = noClasses().that().resideOutsideOfPackage("..internal.decision..")
            .should().dependOnClassesThat().resideInAnyPackage(RULE_LIBRARIES)
            .because("internal/decision is the one door to Drools");

    /** The REST adapter talks to the public facade only. */
    static final ArchRule REST_USES_THE_FACADE_ONLY = noClasses().that().resideInAPackage("..web..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("adapters (REST, pages) talk to the public ApprovalEngine facade, never to internal");

    /** Public members of the public packages neither take nor return nor hold an internal type. */
    static final ArchRule PUBLIC_API_SHOWS_NO_INTERNAL_TYPE = members()
            .that().areDeclaredInClassesThat(publicApi())
            .and().arePublic()
            .should(notShowAnInternalType())
            .because("hosts see snapshots and value types, never internal rows, settings or engines")
            .allowEmptyShould(true);

    private static DescribedPredicate<JavaClass> publicApi() {
        return new DescribedPredicate<>("are public classes of the public packages") {
            @Override
            public boolean test(JavaClass c) {
                return c.getModifiers().contains(JavaModifier.PUBLIC) && !c.getPackageName().contains(".internal")
                        && c.getPackageName().startsWith("org.plantflow.approval");
            }
        };
    }

    private static ArchCondition<JavaMember> notShowAnInternalType() {
        return new ArchCondition<>("not show an internal type in their signature") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> involved = new java.util.LinkedHashSet<>();
                if (member instanceof JavaField f) {
                    involved.addAll(f.getType().getAllInvolvedRawTypes());
                } else if (member instanceof JavaCodeUnit u) {
                    involved.addAll(u.getReturnType().getAllInvolvedRawTypes());
                    u.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
                }
                for (JavaClass t : involved) {
                    if (t.getPackageName().contains(".internal")) {
                        events.add(SimpleConditionEvent.violated(member, member.getFullName() + " shows internal type "
                                + t.getName() + " in " + member.getSourceCodeLocation()));
                    }
                }
            }
        };
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
