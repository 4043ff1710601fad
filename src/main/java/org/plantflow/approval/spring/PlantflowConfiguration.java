package org.plantflow.approval.spring;

import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.internal.assembly.EngineAssembly;
import org.plantflow.approval.internal.assembly.EngineOptions;
import org.plantflow.approval.internal.assembly.Setting;
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
 *       {@code plantflow.templates-dir}: existing folders replacing (mappers: adding to) the built-in ones</li>
 *   <li>{@code plantflow.migrate} (true or false, default true): migrate the engine schema on start</li>
 *   <li>{@code plantflow.database-id}: postgresql, oracle or h2, instead of detecting it</li>
 *   <li>{@code plantflow.sweep-interval} (ISO-8601, default PT30S; PT0S turns it off): how often the engine sweeps
 *       overdue tasks by itself</li>
 *   <li>{@code plantflow.rules-replay-limit} (default 500): recorded decisions per template replayed at each
 *       activation of the rules;</li>
 *   <li>{@code plantflow.node-name}, {@code plantflow.sweep-batch-size} (default 100), {@code plantflow.claim-lease}
 *       (ISO-8601, default PT5M): how the sweeper claims overdue tasks when several engines share the database</li>
 * </ul>
 * A {@link Clock} bean, when present, is the engine's clock; beans of type {@link ApprovalAction} are the actions
 * automatic nodes run, by bean name; beans of type {@link ApprovalListener} hear reminders and escalations.
 *
 * <p>The properties are checked by the same code as the builder's arguments, before the engine opens anything; a
 * bad one stops start-up with a {@link org.plantflow.approval.ConfigurationException} naming the property and its
 * value, such as {@code plantflow.sweep-batch-size=0: must be at least 1}. A property that is set is checked even
 * when empty: leave it out for the default.
 */
@Configuration(proxyBeanMethods = false)
public class PlantflowConfiguration {

    @Bean(destroyMethod = "close")
    public ApprovalEngine plantflowApprovalEngine(DataSource dataSource, PlatformTransactionManager transactionManager,
                                                  Environment env, ObjectProvider<Clock> clock,
                                                  Map<String, ApprovalAction> actions,
                                                  ObjectProvider<ApprovalListener> listeners) {
        return engine(dataSource, transactionManager, env, clock, actions, listeners);
    }

    /** {@code plantflow.rules-cache-dir=none}: compile the rules at every start. */
    static final String NO_CACHE = "none";

    /** The engine over the host's beans and {@code plantflow.*} properties: shared by this class and the auto-configuration. */
    static ApprovalEngine engine(DataSource dataSource, PlatformTransactionManager transactionManager, Environment env,
                                 ObjectProvider<Clock> clock, Map<String, ApprovalAction> actions,
                                 ObjectProvider<ApprovalListener> listeners) {
        // The builder's typed setters cannot take a property's text (a parse error would then be reported by this
        // class, under no common rule) nor a PlatformTransactionManager (a Spring type, or an Object, in the public
        // API); so this adapter fills the builder's own options object, in the property-naming mode, and goes through
        // the same EngineAssembly entry and the same checks as ApprovalEngineBuilder.build().
        EngineOptions options = new EngineOptions(EngineOptions.Source.PROPERTIES)
                .set(Setting.DATA_SOURCE, dataSource)
                .springTransactionManager(transactionManager);
        for (Setting s : Setting.values()) {
            String text = s.property() == null ? null : env.getProperty(s.property());
            if (text != null && !(s == Setting.RULES_CACHE_DIRECTORY && NO_CACHE.equals(text.strip()))) {
                options.set(s, text);
            }
        }
        if (env.getProperty(Setting.RULES_CACHE_DIRECTORY.property()) == null) {
            // a Spring host starts with compiled rules kept between starts unless it says none (as the command line)
            options.set(Setting.RULES_CACHE_DIRECTORY, EngineOptions.defaultRulesCache());
        }
        Clock hostClock = clock.getIfAvailable();
        if (hostClock != null) {
            options.set(Setting.CLOCK, hostClock);
        }
        actions.forEach(options::action);
        listeners.orderedStream().forEach(options::listener);
        return EngineAssembly.assemble(options);
    }
}
