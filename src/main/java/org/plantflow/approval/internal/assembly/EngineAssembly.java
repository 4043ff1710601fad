package org.plantflow.approval.internal.assembly;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.internal.decision.DroolsDecisions;
import org.plantflow.approval.internal.engine.Actions;
import org.plantflow.approval.internal.persistence.Database;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.service.DefaultApprovalEngine;
import org.plantflow.approval.internal.validation.TemplateValidator;

/**
 * The only wiring: builder settings become a running engine (database and schema, MyBatis, compiled rules,
 * the template validator, the facade).
 */
public final class EngineAssembly {
    private EngineAssembly() {
    }

    public static ApprovalEngine assemble(EngineSettings s) {
        Database db = Database.open(new Database.Settings(s.dataSource(), s.jdbcUrl(), s.user(), s.password(),
                s.databaseId(), s.migrate(), s.sqlDirectory(), s.mappersDirectory(), s.springTransactionManager()));
        try {
            ResourceFolder rules = ResourceFolder.of(s.rulesDirectory(), "rules");
            DroolsDecisions decisions = new DroolsDecisions(rules);
            TemplateValidator validator = new TemplateValidator(rules);
            ResourceFolder templates = ResourceFolder.of(s.templatesDirectory(), "approval-templates");
            return new DefaultApprovalEngine(db, decisions, validator, templates, s.clock(), new Actions(s.actions()),
                    s.listeners(), new DefaultApprovalEngine.SweepSettings(s.nodeName(), s.sweepBatchSize(), s.claimLease()));
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
    }

    /** Host name and a random suffix: how this engine signs its claims on overdue tasks. */
    public static String defaultNodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "plantflow";
        }
        return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
