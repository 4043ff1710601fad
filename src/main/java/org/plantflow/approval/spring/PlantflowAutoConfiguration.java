package org.plantflow.approval.spring;

import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ConfigurationException;
import org.plantflow.approval.spi.ApprovalAction;
import org.plantflow.approval.spi.ApprovalListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Boot auto-configuration (listed in {@code META-INF/spring/...AutoConfiguration.imports}): with the library on
 * a Spring Boot host's classpath and a {@link DataSource}, an {@link ApprovalEngine} bean over it and the host's
 * transaction manager, unless the host defines its own engine or sets {@code plantflow.enabled=false}. The same
 * {@code plantflow.*} properties as {@link PlantflowConfiguration} (IDE completion from
 * {@code META-INF/spring-configuration-metadata.json}), plus {@code plantflow.deploy-templates}: the templates deployed
 * at start-up ({@link TemplatesOnStart}).
 * <p>
 * Every engine bean depends on the host's database initialization ({@link EngineDependsOnDatabaseInitialization}): Spring
 * Boot's own Flyway or Liquibase (with the host's migrations, or none) runs first, on a schema that does not yet hold
 * the engine's tables, and records its history; the engine's migration (its own history table,
 * {@code pf_schema_history}) follows. So neither refuses the other's tables, on the first start or any later one.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "plantflow.enabled", matchIfMissing = true)
@ConditionalOnBean(DataSource.class)
public class PlantflowAutoConfiguration {
    /** Default of {@code plantflow.deploy-templates}: the host's own templates folder on the classpath. */
    public static final String DEFAULT_TEMPLATES = "classpath*:approval-templates/*.bpmn";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ApprovalEngine.class)
    public ApprovalEngine plantflowApprovalEngine(DataSource dataSource,
                                                  ObjectProvider<PlatformTransactionManager> transactionManager,
                                                  Environment env, ObjectProvider<Clock> clock,
                                                  Map<String, ApprovalAction> actions,
                                                  ObjectProvider<ApprovalListener> listeners) {
        PlatformTransactionManager tm = transactionManager.getIfUnique();
        if (tm == null) {
            throw new ConfigurationException("transactionManager", null, "plantflow needs exactly one "
                    + "PlatformTransactionManager bean to join the host's transactions and found "
                    + transactionManager.stream().count() + "; add spring-boot-starter-jdbc (it defines one over the "
                    + "DataSource) or define one, or mark one @Primary");
        }
        return PlantflowConfiguration.engine(dataSource, tm, env, clock, actions, listeners);
    }

    @Bean
    @ConditionalOnBean(ApprovalEngine.class)
    public TemplatesOnStart plantflowTemplatesOnStart(ApprovalEngine engine, Environment env,
                                                      ResourcePatternResolver resources) {
        return new TemplatesOnStart(engine, env.getProperty("plantflow.deploy-templates", DEFAULT_TEMPLATES), resources);
    }
}
