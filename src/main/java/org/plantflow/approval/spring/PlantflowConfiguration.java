package org.plantflow.approval.spring;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.internal.assembly.EngineAssembly;
import org.plantflow.approval.internal.assembly.EngineSettings;
import org.plantflow.approval.spi.ApprovalAction;
import org.plantflow.approval.spi.ApprovalListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring adapter: {@code @Import(PlantflowConfiguration.class)} in the host. Needs the host's
 * {@link DataSource} and {@link PlatformTransactionManager} beans; engine calls join the host's
 * transactions. Settings (all optional), from the host's Environment:
 * <ul>
 *   <li>{@code plantflow.rules-dir}, {@code plantflow.mappers-dir}, {@code plantflow.sql-dir},
 *       {@code plantflow.templates-dir}: folders replacing (mappers: adding to) the built-in ones</li>
 *   <li>{@code plantflow.migrate} (default true): migrate the engine schema on start</li>
 *   <li>{@code plantflow.database-id}: postgresql, oracle or h2, instead of detecting it</li>
 * </ul>
 * A {@link Clock} bean, when present, is the engine's clock; beans of type {@link ApprovalAction} are the actions
 * automatic nodes run, by bean name; beans of type {@link ApprovalListener} hear reminders and escalations.
 * {@code plantflow.node-name}, {@code plantflow.sweep-batch-size}, {@code plantflow.claim-lease} (ISO-8601)
 * tune the deadline sweeper.
 */
@Configuration(proxyBeanMethods = false)
public class PlantflowConfiguration {

    @Bean(destroyMethod = "close")
    public ApprovalEngine plantflowApprovalEngine(DataSource dataSource, PlatformTransactionManager transactionManager,
                                                  Environment env, ObjectProvider<Clock> clock,
                                                  Map<String, ApprovalAction> actions,
                                                  ObjectProvider<ApprovalListener> listeners) {
        EngineSettings settings = new EngineSettings(dataSource, null, null, null,
                env.getProperty("plantflow.database-id"),
                env.getProperty("plantflow.migrate", Boolean.class, true),
                path(env, "plantflow.rules-dir"), path(env, "plantflow.mappers-dir"), path(env, "plantflow.sql-dir"),
                path(env, "plantflow.templates-dir"), clock.getIfAvailable(Clock::systemUTC), Map.copyOf(actions),
                listeners.orderedStream().toList(),
                env.getProperty("plantflow.node-name", EngineAssembly.defaultNodeName()),
                env.getProperty("plantflow.sweep-batch-size", Integer.class, 100),
                Duration.parse(env.getProperty("plantflow.claim-lease", "PT5M")), transactionManager);
        return EngineAssembly.assemble(settings);
    }

    private static Path path(Environment env, String key) {
        String v = env.getProperty(key);
        return v == null || v.isBlank() ? null : Path.of(v);
    }
}
