package org.plantflow.approval.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.session.SqlSession;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.SweepResult;
import org.plantflow.approval.ValidationProblem;
import org.plantflow.approval.spi.ApprovalListener;
import java.time.Instant;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.persistence.MyBatisStore;
import org.plantflow.approval.internal.persistence.Transactions;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.validation.TemplateValidator;

/** The facade: one transaction per call, around the engine core. */
final class DefaultApprovalEngine implements ApprovalEngine {
    private final Transactions tx;
    private final DecisionPort decisions;
    private final ResourceFolder templatesFolder;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefaultApprovalEngine.class);
    private final Clock clock;
    private final EngineSettings settings;
    private final Actions actions;
    private final HikariDataSource ownPool;
    private final TemplateRegistry templates = new TemplateRegistry();
    private final TemplateValidator validator;
    private final Deployer deployer;

    DefaultApprovalEngine(Transactions tx, DecisionPort decisions, ResourceFolder templatesFolder, EngineSettings settings,
                          Actions actions, HikariDataSource ownPool) {
        this.tx = tx;
        this.decisions = decisions;
        this.templatesFolder = templatesFolder;
        this.settings = settings;
        this.clock = settings.clock();
        this.actions = actions;
        this.ownPool = ownPool;
        this.validator = new TemplateValidator(ResourceFolder.of(settings.rulesDirectory(), "rules")); // the engine's rules
        this.deployer = new Deployer(validator, clock);
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

    @Override
    public DeployedTemplate deploy(String sourceName, byte[] bpmnXml) {
        return inTx(c -> deployer.deploy(c.store(), sourceName, bpmnXml));
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
        return act(c -> c.start(templateKey, businessKey, initiator, variables));
    }

    @Override
    public InstanceView pass(long taskId, Actor actor, String comment) {
        return act(c -> c.pass(taskId, actor, comment));
    }

    @Override
    public InstanceView returnTask(long taskId, Actor actor, String comment) {
        return act(c -> c.returnTask(taskId, actor, comment, null));
    }

    @Override
    public InstanceView returnTask(long taskId, Actor actor, String comment, String targetNode) {
        if (targetNode == null || targetNode.isBlank()) {
            throw new IllegalArgumentException("target node must not be blank; use returnTask(task, actor, comment) "
                    + "to return to the previous manual node");
        }
        return act(c -> c.returnTask(taskId, actor, comment, targetNode));
    }

    @Override
    public InstanceView retry(long instanceId) {
        return act(c -> c.retry(instanceId));
    }

    @Override
    public SweepResult sweep(Instant asOf) {
        java.time.LocalDateTime now = java.time.LocalDateTime.ofInstant(asOf, java.time.ZoneOffset.UTC);
        String owner = settings.nodeName();
        int claimedTotal = 0;
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < 1000; round++) {
            List<Long> claimed = inTx(c -> c.store().claimOverdueTasks(owner, now,
                    now.plus(settings.claimLease()), settings.sweepBatchSize()));
            claimedTotal += claimed.size();
            for (long id : claimed) {
                EngineCore.DeadlineOutcome done;
                try {
                    done = inTx(c -> core(c, java.time.Clock.fixed(asOf, java.time.ZoneOffset.UTC)).handleDeadline(id, owner, now));
                } catch (RuntimeException e) {
                    LOG.warn("deadline of task {} not handled: {}", id, e.getMessage());
                    lines.add("task " + id + ": not handled: " + e.getMessage());
                    continue;
                }
                if (done != null) {
                    TaskView view = read(c -> views(c).task(id));
                    lines.add("task " + id + " at " + view.nodeId() + ": " + done.kind());
                    notifyListeners(done, view);
                }
            }
            if (claimed.size() < settings.sweepBatchSize()) {
                break;
            }
        }
        return new SweepResult(claimedTotal, (int) lines.stream().filter(l -> !l.contains(": not handled: ")).count(), lines);
    }

    private void notifyListeners(EngineCore.DeadlineOutcome done, TaskView view) {
        for (ApprovalListener l : settings.listeners()) {
            try {
                switch (done.kind()) {
                    case REMIND -> l.onReminder(view, done.message());
                    case ESCALATE -> l.onEscalation(view, done.message());
                    default -> { }
                }
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on task {}: {}", l, view.id(), e.toString());
            }
        }
    }

    @Override
    public List<TaskView> pendingTasks(String user, Collection<String> roles) {
        return read(c -> views(c).pendingTasks(user, roles));
    }

    @Override
    public InstanceView instance(long instanceId) {
        return read(c -> views(c).instance(instanceId));
    }

    @Override
    public List<HistoryEntry> history(long instanceId) {
        return read(c -> views(c).history(instanceId));
    }

    @Override
    public void reloadRules() {
        decisions.reload();
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /** One mutating call in one transaction; the snapshot is built from what the call already read. */
    private InstanceView act(java.util.function.Consumer<EngineCore> operation) {
        return inTx(c -> {
            EngineCore core = core(c, clock);
            operation.accept(core);
            return views(c).after(core.lastCall());
        });
    }

    /** One transaction's session and the store over it (which may hold writes back until the end of the call). */
    private record Call(SqlSession session, MyBatisStore store) {
    }

    /** Runs the work in one transaction; the store's held-back writes are sent before the commit. */
    private <T> T inTx(Function<Call, T> work) {
        return tx.execute(s -> {
            Call call = new Call(s, new MyBatisStore(s));
            T result = work.apply(call);
            call.store().flush();
            return result;
        });
    }

    /** Runs read-only work (no writes, so nothing held back): without a transaction of its own where allowed. */
    private <T> T read(Function<Call, T> work) {
        return tx.read(s -> work.apply(new Call(s, new MyBatisStore(s))));
    }

    /** The core with a given clock: a sweep as of a time stamps everything it does with that time. */
    private EngineCore core(Call c, Clock at) {
        return new EngineCore(c.store(), decisions, templates, actions, at, c.session().getConnection());
    }

    private Views views(Call c) {
        return new Views(c.store(), templates);
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new org.plantflow.approval.ApprovalException("cannot read template file " + f.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }
}
