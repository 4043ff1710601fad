package org.plantflow.approval.internal.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.plantflow.approval.SweepResult;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.internal.engine.EngineCore;
import org.plantflow.approval.spi.ApprovalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep over the overdue tasks: claims a batch (each task by exactly one engine), handles each claimed task in
 * a transaction of its own as the deadline rules decide, tells the listeners after the commit. Called by the host
 * ({@code ApprovalEngine.sweep}) and by the engine's {@link SweeperLoop}; sweeps running at once, in one engine or in
 * several, never act on a task twice: the claim in the database decides.
 */
final class DeadlineSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweeper.class);
    private static final int MAX_ROUNDS = 1000;

    private final DefaultApprovalEngine engine;
    private final DefaultApprovalEngine.SweepSettings settings;
    private final List<ApprovalListener> listeners;

    DeadlineSweeper(DefaultApprovalEngine engine, DefaultApprovalEngine.SweepSettings settings, List<ApprovalListener> listeners) {
        this.engine = engine;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
    }

    SweepResult sweep(Instant asOf) {
        return sweep(asOf, () -> false);
    }

    /**
     * One sweep as of {@code asOf}; when {@code stopping} turns true it finishes the batch it has claimed and claims
     * no more (what is left waits for the next sweep, of this engine or another).
     */
    SweepResult sweep(Instant asOf, BooleanSupplier stopping) {
        LocalDateTime now = LocalDateTime.ofInstant(asOf, ZoneOffset.UTC);
        Clock at = Clock.fixed(asOf, ZoneOffset.UTC);
        String owner = settings.nodeName();
        int claimedTotal = 0;
        int handled = 0;
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Long> claimed = engine.inTx(s -> s.claimOverdueTasks(owner, now, now.plus(settings.claimLease()),
                    settings.batchSize()));
            claimedTotal += claimed.size();
            for (long id : claimed) {
                EngineCore.DeadlineOutcome done;
                try {
                    done = engine.inTx(s -> engine.core(s, at).handleDeadline(id, owner, now));
                } catch (RuntimeException e) {
                    LOG.warn("deadline of task {} not handled: {}", id, e.getMessage());
                    lines.add("task " + id + ": not handled: " + e.getMessage());
                    continue;
                }
                if (done != null) {
                    TaskView view = engine.read(v -> v.task(id));
                    lines.add("task " + id + " at " + view.nodeId() + ": " + done.kind());
                    handled++;
                    notifyListeners(done, view);
                }
            }
            if (claimed.size() < settings.batchSize() || stopping.getAsBoolean()) {
                break;
            }
        }
        return new SweepResult(claimedTotal, handled, lines);
    }

    private void notifyListeners(EngineCore.DeadlineOutcome done, TaskView view) {
        for (ApprovalListener l : listeners) {
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
}
