package org.plantflow.approval.internal.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.SweepResult;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.internal.decision.DroolsDecisions;
import org.plantflow.approval.internal.activation.RulesActivator;
import org.plantflow.approval.RulesActivation;
import org.plantflow.approval.internal.engine.Actions;
import org.plantflow.approval.internal.engine.EngineCore;
import org.plantflow.approval.internal.template.TemplateRegistry;
import org.plantflow.approval.internal.persistence.Database;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.query.Views;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.validation.TemplateValidator;
import org.plantflow.approval.spi.ApprovalListener;

/** The facade: one transaction per call, around the engine core (writes) or the read side (views). */
public final class DefaultApprovalEngine implements ApprovalEngine {
    /**
     * How this engine claims overdue tasks when several share a database, and how often it sweeps by itself
     * ({@code interval} zero: only when the host calls {@link #sweep(Instant)}).
     */
    public record SweepSettings(String nodeName, int batchSize, Duration claimLease, Duration interval) {
    }

    private final Database db;
    private final DroolsDecisions decisions;
    private final RulesActivator activator;
    /** The active rules' activation; null until the first need when the engine was built to activate rules lazily. */
    private volatile RulesActivation activation;
    private final Instant started = Instant.now();
    private final java.util.concurrent.atomic.LongAdder starts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder passes = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder returns = new java.util.concurrent.atomic.LongAdder();
    private final TemplateValidator validator;
    private final ResourceFolder templatesFolder;
    private final Clock clock;
    private final Actions actions;
    private final TemplateRegistry templates;
    private final Deployer deployer;
    private final DeadlineSweeper sweeper;
    private final SweeperLoop sweeperLoop;

    /**
     * @param activation the report of the rules' activation at start, or null to activate the rules at their first
     *                   need (a decision, a deploy, {@link #activeRules()}, {@link #reloadRules()}): read-only calls then
     *                   never compile rules
     */
    public DefaultApprovalEngine(Database db, DroolsDecisions decisions, RulesActivation activation, TemplateValidator validator,
                                 ResourceFolder templatesFolder, TemplateRegistry templates, RulesActivator activator,
                                 Clock clock, Actions actions, List<ApprovalListener> listeners, SweepSettings sweep) {
        this.db = db;
        this.decisions = decisions;
        this.templates = templates;
        this.activator = activator;
        this.activation = activation;
        this.validator = validator;
        this.templatesFolder = templatesFolder;
        this.clock = clock;
        this.actions = actions;
        this.deployer = new Deployer(validator, clock, db::hasStatement);
        this.sweeper = new DeadlineSweeper(this, sweep, listeners);
        // last: the loop's thread sees the engine fully built
        this.sweeperLoop = SweeperLoop.start(sweeper::sweep, clock, sweep.interval(), sweep.nodeName());
    }

    @Override
    public List<ValidationProblem> validate(Collection<Path> files) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (Path f : files) {
            problems.addAll(validator.validate(f.toString(), read(f)).problems());
        }
        return problems;
    }

    @Override
    public DeployedTemplate deploy(Path file) {
        return deploy(file.getFileName().toString(), read(file));
    }

    /** Deploys, then runs the template's rule scenarios against the new version before the commit: a failing row refuses it. */
    @Override
    public DeployedTemplate deploy(String sourceName, byte[] bpmnXml) {
        return inTx(store -> {
            DeployedTemplate d = deployer.deploy(store, sourceName, bpmnXml);
            if (d.created()) {
                activator.checkDeploy(decisions.active().rules(), templates.latest(store, d.key()).model(), sourceName);
            }
            return d;
        });
    }

    @Override
    public List<DeployedTemplate> deployBuiltInTemplates() {
        List<DeployedTemplate> out = new ArrayList<>();
        for (ResourceFolder.Entry e : templatesFolder.list(".bpmn")) {
            out.add(deploy(e.relativePath(), e.content()));
        }
        return out;
    }

    @Override
    public InstanceView start(String templateKey, String businessKey, String initiator, Map<String, Object> variables) {
        InstanceView v = act(c -> c.start(templateKey, businessKey, initiator, variables));
        starts.increment();
        return v;
    }

    @Override
    public InstanceView pass(long taskId, Actor actor, String comment) {
        InstanceView v = act(c -> c.pass(taskId, actor, comment));
        passes.increment();
        return v;
    }

    @Override
    public InstanceView returnTask(long taskId, Actor actor, String comment) {
        InstanceView v = act(c -> c.returnTask(taskId, actor, comment, null));
        returns.increment();
        return v;
    }

    @Override
    public InstanceView returnTask(long taskId, Actor actor, String comment, String targetNode) {
        org.plantflow.approval.internal.engine.Inputs.targetNode(taskId, targetNode);
        InstanceView v = act(c -> c.returnTask(taskId, actor, comment, targetNode));
        returns.increment();
        return v;
    }

    @Override
    public InstanceView retry(long instanceId) {
        return act(c -> c.retry(instanceId));
    }

    @Override
    public SweepResult sweep(Instant asOf) {
        return sweeper.sweep(asOf);
    }

    @Override
    public List<TaskView> pendingTasks(String user, Collection<String> roles) {
        return read(v -> v.pendingTasks(user, roles));
    }

    @Override
    public InstanceView instance(long instanceId) {
        return read(v -> v.instance(instanceId));
    }

    @Override
    public List<HistoryEntry> history(long instanceId) {
        return read(v -> v.history(instanceId));
    }

    @Override
    public List<org.plantflow.approval.TemplateVersion> templates() {
        return read(Views::templates);
    }

    @Override
    public org.plantflow.approval.TemplateSource template(String templateKey, int version) {
        return read(v -> v.template(templateKey, version));
    }

    @Override
    public org.plantflow.approval.InstancePage instances(org.plantflow.approval.InstanceQuery query) {
        return read(v -> v.instances(query));
    }

    @Override
    public org.plantflow.approval.InstanceDiagram diagram(long instanceId) {
        return read(v -> v.diagram(instanceId));
    }

    @Override
    public org.plantflow.approval.TaskContext taskContext(long taskId) {
        return read(v -> v.taskContext(taskId));
    }

    @Override
    public Explanation explain(long historyEntryId) {
        return read(v -> v.explain(historyEntryId));
    }

    @Override
    public synchronized RulesActivation reloadRules() {
        DroolsDecisions.Active before = decisions.active();
        RulesActivator.Activated a = activator.activate(RulesActivator.Reason.RELOAD, before == null ? null : before.rules(), null);
        decisions.activate(a.active().rules(), a.active().activationId());
        activation = a.report();
        return activation;
    }

    @Override
    public RulesActivation activeRules() {
        return activated();
    }

    /**
     * The active rules' activation; after a lazy start, the first call activates the rules folder through the same
     * checks as an eager start ({@link RulesActivator.Reason#START}), outside any transaction of this engine.
     *
     * @throws org.plantflow.approval.RulesInvalidException when the rules are refused (the next need tries again)
     */
    RulesActivation activated() {
        RulesActivation a = activation;
        return a != null ? a : activateAtFirstNeed();
    }

    private synchronized RulesActivation activateAtFirstNeed() {
        if (activation == null) {
            RulesActivator.Activated a = activator.activate(RulesActivator.Reason.START, null, null);
            decisions.activate(a.active().rules(), a.active().activationId());
            activation = a.report();
        }
        return activation;
    }

    @Override
    public org.plantflow.approval.EngineStatus status() {
        boolean reachable = true;
        String error = null;
        long overdue = -1;
        try {
            java.time.LocalDateTime now = java.time.LocalDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
            overdue = db.transactions().read(store -> store.countOverdueTasks(now));
        } catch (RuntimeException e) {
            reachable = false;
            error = e.getMessage();
        }
        return new org.plantflow.approval.EngineStatus(reachable, error, activation, decisions.decisionsTaken(),
                Duration.ofNanos(decisions.decisionNanos()), sweeperLoop.interval(), sweeperLoop.lastSweepEnded(),
                sweeperLoop.lastSweepFailed(), overdue, started, starts.sum(), passes.sum(), returns.sum());
    }

    @Override
    public org.plantflow.approval.RuleImpact impact(Path rulesDirectory, String templateKey, org.plantflow.approval.ImpactScope scope) {
        if (rulesDirectory == null || templateKey == null || scope == null) {
            throw new org.plantflow.approval.InvalidInputException(ApprovalException.Subject.template(templateKey, null),
                    rulesDirectory == null ? "rulesDirectory" : templateKey == null ? "templateKey" : "scope", null,
                    "impact needs a rules folder, a template key and a scope (ImpactScope.all(), since(..), last(n))");
        }
        var candidate = org.plantflow.approval.internal.decision.CompiledRules.compile(ResourceFolder.directory(rulesDirectory));
        return db.transactions().read(store -> org.plantflow.approval.internal.replay.Impact.of(store, templates, candidate,
                templateKey, scope)); // reads only: nothing is written
    }

    /** Stops the automatic sweeper (waiting, bounded, for a running sweep), then closes the database. */
    @Override
    public void close() {
        try {
            sweeperLoop.close();
        } finally {
            db.close();
        }
    }

    /** One mutating call in one transaction; the snapshot is built from what the call already read. */
    private InstanceView act(java.util.function.Consumer<EngineCore> operation) {
        return inTx(store -> {
            EngineCore core = core(store, clock);
            operation.accept(core);
            EngineCore.AfterCall after = core.lastCall();
            return new Views(store, templates).after(after.instance(), after.live());
        });
    }

    /**
     * Runs the work in one transaction (the store's held-back writes are sent before the commit). Every call that may
     * decide or deploy comes through here, so the rules are made active first (see {@link #activated()}).
     */
    <T> T inTx(Function<Store, T> work) {
        activated();
        return db.transactions().execute(work);
    }

    /** Runs read-only work: without a transaction of its own where allowed. */
    <T> T read(Function<Views, T> work) {
        return db.transactions().read(store -> work.apply(new Views(store, templates)));
    }

    /** The core with a given clock: a sweep as of a time stamps everything it does with that time. */
    EngineCore core(Store store, Clock at) {
        return new EngineCore(store, decisions, templates, actions, at);
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new ApprovalException("cannot read template file " + f.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
