package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A scripted approval of a fuel purchase contract on the embedded database: deploy the built-in templates,
 * start, pass, a return by finance, pass again to the end; print each step and the history.
 */
@Command(name = "demo", description = "Run a short scripted fuel purchase contract approval (embedded database by default).")
final class DemoCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    private static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    private static final Actor FUEL_MANAGER = Actor.of("wang.manager", "fuel_manager");
    private static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    private static final Actor GM = Actor.of("chen.gm", "general_manager");

    /** One scripted step: who does what to the instance's only open task. */
    private record Step(Actor actor, boolean pass, String comment) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> steps = new ArrayList<>();
        try (ApprovalEngine engine = common.openEngine()) {
            List<DeployedTemplate> deployed = engine.deployBuiltInTemplates();
            if (!common.json) {
                deployed.forEach(d -> out.printf("template %s v%d %s%n", d.key(), d.version(),
                        d.created() ? "deployed" : "already deployed"));
            }
            String businessKey = "FPC-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-" + ThreadLocalRandom.current().nextInt(1000, 10000);
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("amount", 3_800_000);
            vars.put("supplier", "Shenhua Coal Trading");
            vars.put("coalType", "5500 kcal thermal coal");
            InstanceView i = engine.start("fuel-purchase-contract", businessKey, CLERK.user(), vars);
            step(out, steps, 1, CLERK, "START", "start", i, "contract " + businessKey + ", amount 3,800,000 CNY");

            List<Step> script = List.of(
                    new Step(CLERK, true, "draft complete, 60,000 t at 633 CNY/t"),
                    new Step(FUEL_MANAGER, true, "quantity matches the monthly plan"),
                    new Step(FINANCE, false, "price above this month's coal index; renegotiate"),
                    new Step(FUEL_MANAGER, true, "renegotiated to 618 CNY/t"),
                    new Step(FINANCE, true, "within budget"),
                    new Step(GM, true, "approved"));
            int n = 2;
            for (Step s : script) {
                TaskView task = i.openTasks().get(0);
                i = s.pass() ? engine.pass(task.id(), s.actor(), s.comment())
                        : engine.returnTask(task.id(), s.actor(), s.comment());
                step(out, steps, n++, s.actor(), s.pass() ? "PASS" : "RETURN", task.nodeId(), i, s.comment());
            }
            List<HistoryEntry> history = engine.history(i.id());
            if (common.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("templates", deployed);
                doc.put("steps", steps);
                doc.put("instance", i);
                doc.put("history", history);
                Output.json(out, doc);
            } else {
                out.println();
                out.printf("instance %d (%s) is %s. History:%n", i.id(), businessKey, i.status());
                Output.history(out, history);
            }
        }
        return 0;
    }

    private void step(PrintWriter out, List<Map<String, Object>> steps, int n, Actor actor, String action, String at,
                      InstanceView after, String comment) {
        String next = after.openTasks().isEmpty() ? "(" + after.status() + ")"
                : after.openTasks().get(0).nodeId() + " for " + String.join(",", after.openTasks().get(0).candidates());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", n);
        s.put("actor", actor.user());
        s.put("roles", actor.roles());
        s.put("action", action);
        s.put("at", at);
        s.put("next", next);
        s.put("comment", comment);
        steps.add(s);
        if (!common.json) {
            out.printf("step %d: %-13s %-7s at %-26s -> %s  \"%s\"%n", n, actor.user(), action, at, next, comment);
        }
    }
}
