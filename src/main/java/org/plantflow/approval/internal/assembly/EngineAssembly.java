package org.plantflow.approval.internal.assembly;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.internal.activation.RulesActivator;
import org.plantflow.approval.internal.decision.DroolsDecisions;
import org.plantflow.approval.internal.template.TemplateRegistry;
import org.plantflow.approval.internal.engine.Actions;
import org.plantflow.approval.internal.persistence.Database;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.service.DefaultApprovalEngine;
import org.plantflow.approval.internal.validation.TemplateValidator;

/**
 * The only wiring: the host's options, once checked, become a running engine (database and schema, MyBatis,
 * compiled rules, the template validator, the facade and its automatic deadline sweeper). The builder and the Spring
 * adapter both come through {@link #assemble(EngineOptions)}, so both are checked by {@link EngineOptions#validate()}.
 */
public final class EngineAssembly {
    private EngineAssembly() {
    }

    /** When the rules folder is activated (compiled, checked, recorded: {@link RulesActivator}). */
    public enum RulesAt {
        /** While the engine is built: bad rules fail the build (the builder, Spring). */
        START,
        /**
         * At the first call that needs them (a decision, a deploy, {@code activeRules()}, {@code reloadRules()}), with
         * the same checks and exception: read-only calls never compile rules (the command line's read-only commands).
         */
        FIRST_NEED
    }

    /**
     * Checks the options (before anything is opened), then builds the engine, activating the rules while it is built.
     *
     * @throws org.plantflow.approval.ConfigurationException when a setting is wrong
     * @throws org.plantflow.approval.RulesInvalidException  when the rules are refused
     */
    public static ApprovalEngine assemble(EngineOptions options) {
        return assemble(options.validate(), RulesAt.START);
    }

    /**
     * As {@link #assemble(EngineOptions)}, with the rules activated when {@code rulesAt} says.
     *
     * @throws org.plantflow.approval.ConfigurationException when a setting is wrong
     * @throws org.plantflow.approval.RulesInvalidException  at {@link RulesAt#START}, when the rules are refused
     */
    public static ApprovalEngine assemble(EngineOptions options, RulesAt rulesAt) {
        return assemble(options.validate(), rulesAt);
    }

    private static ApprovalEngine assemble(EngineSettings s, RulesAt rulesAt) {
        Database db = Database.open(new Database.Settings(s.dataSource(), s.jdbcUrl(), s.user(), s.password(),
                s.databaseId(), s.migrate(), s.sqlDirectory(), s.mappersDirectory(), s.springTransactionManager()));
        try {
            ResourceFolder rules = ResourceFolder.of(s.rulesDirectory(), "rules");
            ResourceFolder templates = ResourceFolder.of(s.templatesDirectory(), "approval-templates");
            TemplateRegistry registry = new TemplateRegistry();
            RulesActivator activator = new RulesActivator(db.transactions(), registry, rules, templates, s.clock(),
                    s.replayLimit(), process(s.nodeName()), s.rulesCacheDirectory());
            RulesActivator.Activated started = rulesAt == RulesAt.START
                    ? activator.activate(RulesActivator.Reason.START, null, null) : null;
            DroolsDecisions decisions = new DroolsDecisions(rules, started == null ? null : started.active());
            TemplateValidator validator = new TemplateValidator(rules);
            return new DefaultApprovalEngine(db, decisions, started == null ? null : started.report(), validator,
                    templates, registry, activator, s.clock(),
                    new Actions(s.actions()), s.listeners(), new DefaultApprovalEngine.SweepSettings(s.nodeName(),
                    s.sweepBatchSize(), s.claimLease(), s.sweepInterval()));
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
    }

    /** Who activates rules when no user is named: the operating-system user, the engine's node name and process id. */
    private static String process(String nodeName) {
        return System.getProperty("user.name", "?") + " on " + nodeName + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /** Host name (cut to fit {@code pf_task.claimed_by}) and a random suffix: how this engine signs its claims. */
    public static String defaultNodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "plantflow";
        }
        String suffix = "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        int room = EngineOptions.MAX_NODE_NAME_LENGTH - suffix.length();
        return (host.length() > room ? host.substring(0, room) : host) + suffix;
    }
}
