package org.plantflow.approval.spring;

import java.util.Set;

import org.plantflow.approval.ApprovalEngine;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Every {@link ApprovalEngine} bean of a Spring Boot host, the auto-configured one or one the host defines itself,
 * is created after the host's database initialization (Spring Boot's Flyway or Liquibase, {@code spring.sql.init}):
 * the host's migration then runs on a schema that does not yet hold the engine's tables, and never refuses it as
 * "non-empty without a schema history table". Registered in {@code META-INF/spring.factories}.
 */
public final class EngineDependsOnDatabaseInitialization extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {
    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(ApprovalEngine.class);
    }
}
