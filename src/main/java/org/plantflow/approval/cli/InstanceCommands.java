package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.Explanation;
import org.plantflow.approval.InstanceView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** start, pending, pass, return, instance, history. */
final class InstanceCommands {
    private InstanceCommands() {
    }

    /** Shared plumbing: open the engine, run, print as table or JSON. */
    abstract static class EngineCommand implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Spec CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** True for a command that only reads: its engine activates no rules unless a call needs them. */
        boolean readsOnly() {
            return false;
        }

        ApprovalEngine openEngine() {
            return readsOnly() ? common.openReadOnlyEngine() : common.openEngine();
        }

        <T> T withEngine(Function<ApprovalEngine, T> work) {
            try (ApprovalEngine engine = openEngine()) {
                return work.apply(engine);
            }
        }

        void printInstance(InstanceView i) {
            if (common.json) {
                Output.json(out(), i);
            } else {
                Output.instance(out(), i);
            }
        }
    }

    /** Options of a person acting on a task. */
    static final class ActorOptions {
        @Option(names = "--task", required = true, description = "Task id")
        long task;
        @Option(names = "--user", required = true, description = "Who acts")
        String user;
        @Option(names = "--roles", split = ",", description = "The user's roles, comma separated")
        List<String> roles = List.of();
        @Option(names = "--comment", description = "Comment for the history")
        String comment;

        Actor actor() {
            return Actor.of(user, roles);
        }
    }

    @Command(name = "start", description = "Start an instance; prints its id.")
    static final class Start extends EngineCommand {
        @Option(names = "--template", required = true, description = "Template key")
        String template;
        @Option(names = "--business-key", required = true, description = "Business key, e.g. a contract number")
        String businessKey;
        @Option(names = "--initiator", required = true, description = "Who starts it")
        String initiator;
        @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A variable the rules can use (numbers and true/false are typed)")
        Map<String, String> vars = new LinkedHashMap<>();

        @Override
        public Integer call() {
            Map<String, Object> typed = new LinkedHashMap<>();
            vars.forEach((k, v) -> typed.put(k, typed(v)));
            InstanceView i = withEngine(e -> e.start(template, businessKey, initiator, typed));
            if (common.json) {
                Output.json(out(), i);
            } else {
                out().println(i.id());
                Output.instance(out(), i);
            }
            return 0;
        }

        static Object typed(String v) {
            return org.plantflow.approval.internal.engine.Variables.typed(v);
        }
    }

    @Command(name = "pending", description = "Open tasks offered to a user or their roles.")
    static final class Pending extends EngineCommand {
        @Option(names = "--user", required = true, description = "User id")
        String user;
        @Option(names = "--roles", split = ",", description = "The user's roles, comma separated")
        List<String> roles = List.of();

        @Override
        boolean readsOnly() {
            return true;
        }

        @Override
        public Integer call() {
            var tasks = withEngine(e -> e.pendingTasks(user, roles));
            if (common.json) {
                Output.json(out(), tasks);
            } else {
                Output.tasks(out(), tasks);
            }
            return 0;
        }
    }

    @Command(name = "pass", description = "Pass (通过) a task.")
    static final class Pass extends EngineCommand {
        @Mixin ActorOptions act;

        @Override
        public Integer call() {
            printInstance(withEngine(e -> e.pass(act.task, act.actor(), act.comment)));
            return 0;
        }
    }

    @Command(name = "return", description = "Return (退回) a task to the previous manual node, or --to an earlier node on its path.")
    static final class Return extends EngineCommand {
        @Mixin ActorOptions act;
        @Option(names = "--to", paramLabel = "NODE", description = "Node id to return to (default: as the return rules decide)")
        String to;

        @Override
        public Integer call() {
            printInstance(withEngine(e -> to == null ? e.returnTask(act.task, act.actor(), act.comment)
                    : e.returnTask(act.task, act.actor(), act.comment, to)));
            return 0;
        }
    }

    @Command(name = "instance", description = "Status and open tasks of an instance.")
    static final class Instance extends EngineCommand {
        @Option(names = "--id", required = true, description = "Instance id")
        long id;

        @Override
        boolean readsOnly() {
            return true;
        }

        @Override
        public Integer call() {
            printInstance(withEngine(e -> e.instance(id)));
            return 0;
        }
    }

    @Command(name = "retry", description = "Run the failed automatic nodes of an instance again.")
    static final class Retry extends EngineCommand {
        @Option(names = "--instance", required = true, description = "Instance id")
        long instance;

        @Override
        public Integer call() {
            printInstance(withEngine(e -> e.retry(instance)));
            return 0;
        }
    }

    @Command(name = "sweep", description = "Act on overdue tasks once, as the deadline rules decide.")
    static final class Sweep extends EngineCommand {
        @Option(names = "--at", paramLabel = "ISO-8601-INSTANT", description = "Sweep as of this time, e.g. 2026-12-01T08:00:00Z (default: now)")
        java.time.Instant at;

        @Override
        public Integer call() {
            var r = withEngine(e -> e.sweep(at == null ? java.time.Instant.now() : at));
            if (common.json) {
                Output.json(out(), r);
            } else {
                out().println("claimed " + r.claimed() + " overdue task(s), acted on " + r.acted());
                r.actions().forEach(out()::println);
            }
            return 0;
        }
    }

    @Command(name = "reload-rules", description = "Check and activate the rules folder: compile, cross-check against the "
            + "deployed templates, run its scenarios, replay recent decisions; report every problem (file, line, rule) "
            + "and exit 1 if any; else record the activation.")
    static final class ReloadRules extends EngineCommand {
        @Override
        public Integer call() {
            // the engine activates the folder when it opens: compiled, cross-checked, scenarios, replay; recorded
            org.plantflow.approval.RulesActivation a = withEngine(e -> e.activeRules());
            a.warnings().forEach(w -> out().println("warning: rule " + w));
            a.replayedDifferently().forEach(d -> out().println("now decided differently: " + d));
            out().println("rules activated: " + a.summary());
            return 0;
        }
    }

    @Command(name = "history", description = "The execution history of an instance, with the rules that decided each step.")
    static final class History extends EngineCommand {
        @Option(names = "--instance", required = true, description = "Instance id")
        long instance;

        @Option(names = "--explain", description = "Also explain each entry: the rules that fired on which fact values, and what they decided")
        boolean explain;

        @Override
        boolean readsOnly() {
            return true;
        }

        @Override
        public Integer call() {
            if (explain) {
                List<Explanation> all = withEngine(e -> e.history(instance).stream().map(h -> e.explain(h.id())).toList());
                if (common.json) {
                    Output.json(out(), all);
                } else {
                    all.forEach(x -> out().print(x.text()));
                }
                return 0;
            }
            var h = withEngine(e -> e.history(instance));
            if (common.json) {
                Output.json(out(), h);
            } else {
                Output.history(out(), h);
            }
            return 0;
        }
    }

    @Command(name = "explain", description = "Why a history entry came out as it did: the rules that fired on which fact values, and what they decided.")
    static final class Explain extends EngineCommand {
        @Option(names = "--history", required = true, paramLabel = "ID", description = "History entry id (see the history command)")
        long historyEntry;

        @Override
        boolean readsOnly() {
            return true;
        }

        @Override
        public Integer call() {
            Explanation x = withEngine(e -> e.explain(historyEntry));
            if (common.json) {
                Output.json(out(), x);
            } else {
                out().print(x.text());
            }
            return 0;
        }
    }
}
