package org.plantflow.approval.internal.decision;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;

import org.plantflow.approval.internal.resources.ResourceFolder;

/**
 * {@link DecisionPort} over Drools: the active {@link CompiledRules} and the id of the activation that made them
 * active. Activation swaps both at once; decisions in flight finish on the rules they started with, and an engine
 * call pins one activation for all its decisions ({@link #pinned()}).
 */
public final class DroolsDecisions implements DecisionPort {
    /** Compiled rules and the recorded activation they serve under (null until recorded). */
    public record Active(CompiledRules rules, Long activationId) {
    }

    private final ResourceFolder folder;
    private final AtomicReference<Active> active = new AtomicReference<>();
    private final java.util.concurrent.atomic.LongAdder decisions = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder decisionNanos = new java.util.concurrent.atomic.LongAdder();

    /**
     * Compiles the folder and makes it active without checks or a recorded activation (tests, and tools that only
     * need to run rules).
     *
     * @throws org.plantflow.approval.RulesInvalidException when the folder does not compile
     */
    public DroolsDecisions(ResourceFolder folder) {
        this(folder, new Active(CompiledRules.compile(folder), null));
    }

    /** A port over rules activated elsewhere (checked and recorded by the engine's rules activation). */
    public DroolsDecisions(ResourceFolder folder, Active initial) {
        this.folder = folder;
        this.active.set(initial);
    }

    /** Compiles the folder again and activates it unchecked, unrecorded (tests); the engine activates through its checks. */
    public void reload() {
        activate(CompiledRules.compile(folder), null);
    }

    /** The rules folder this port compiles. */
    public ResourceFolder folder() {
        return folder;
    }

    @Override
    public String source() {
        return folder.description();
    }

    /** The active rules, or null before the first activation. */
    public Active active() {
        return active.get();
    }

    /** Makes these rules the ones that decide from now on. */
    public void activate(CompiledRules rules, Long activationId) {
        active.set(new Active(rules, activationId));
    }

    @Override
    public Outcome decide(String templateKey, Object question, Collection<?> facts) {
        return timed(current(), templateKey, question, facts);
    }

    private Outcome timed(Active a, String templateKey, Object question, Collection<?> facts) {
        long t = System.nanoTime();
        try {
            return a.rules().decide(templateKey, question, facts);
        } finally {
            decisionNanos.add(System.nanoTime() - t);
            decisions.increment();
        }
    }

    /** Decisions taken through this port since the engine started, and their total time in nanoseconds. */
    public long decisionsTaken() {
        return decisions.sum();
    }

    public long decisionNanos() {
        return decisionNanos.sum();
    }

    @Override
    public Long activationId() {
        return current().activationId();
    }

    @Override
    public DecisionPort pinned() {
        Active a = current();
        return new DecisionPort() {
            @Override
            public Outcome decide(String templateKey, Object question, Collection<?> facts) {
                return timed(a, templateKey, question, facts);
            }

            @Override
            public Long activationId() {
                return a.activationId();
            }

            @Override
            public String source() {
                return a.rules().source();
            }
        };
    }

    private Active current() {
        Active a = active.get();
        if (a == null) {
            throw new IllegalStateException("no rules are active yet for " + folder.description());
        }
        return a;
    }
}
