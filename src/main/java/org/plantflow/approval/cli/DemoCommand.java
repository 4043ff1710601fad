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

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalEngineBuilder;
import org.plantflow.approval.DeployedTemplate;
import org.plantflow.approval.internal.demo.DemoClock;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.internal.persistence.OwnPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The plant's approvals end to end on the embedded database (or --jdbc-url): creates the sample host tables of
 * sql/demo, deploys the shipped templates, and runs one story per template, printing each step with actor,
 * action, node and the rules that decided, then the pending lists of a few users.
 */
@Command(name = "demo", description = "Run one story per shipped template (fuel contract, coal acceptance, settlement, "
        + "stocktake) on the embedded database, printing every step and the rules that decided it.")
final class DemoCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--template", paramLabel = "KEY", description = "Run only the story of this template")
    String template;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> keys = List.of(DemoStories.STORIES.keySet().toArray(String[]::new));
        if (template != null && !DemoStories.STORIES.containsKey(template)) {
            throw new IllegalArgumentException("no demo story for template '" + template + "'; choose one of " + keys);
        }
        DemoClock clock = new DemoClock();
        try (OwnPool pool = OwnPool.open(common.jdbcUrl, common.dbUser, common.dbPassword)) {
            javax.sql.DataSource ds = pool.dataSource();
            DemoSchema.migrate(ds);
            // the stories move their own clock and sweep when they choose: no automatic sweeper
            ApprovalEngineBuilder b = ApprovalEngine.builder().dataSource(ds).clock(clock)
                    .sweepInterval(java.time.Duration.ZERO);
            if (common.rules != null) {
                b.rulesDirectory(common.rules);
            }
            try (ApprovalEngine engine = b.build()) {
                List<DeployedTemplate> deployed = engine.deployBuiltInTemplates();
                List<Map<String, Object>> steps = new ArrayList<>();
                DemoStories stories = new DemoStories(engine, ds, clock, runSuffix(), out, common.json, steps);
                if (!common.json) {
                    deployed.forEach(d -> out.printf("template %s v%d %s%n", d.key(), d.version(),
                            d.created() ? "deployed" : "already deployed"));
                }
                for (String key : keys) {
                    if (template == null || template.equals(key)) {
                        DemoStories.STORIES.get(key).accept(stories);
                    }
                }
                Map<String, List<?>> pending = stories.pendingLists();
                if (common.json) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("templates", deployed);
                    doc.put("steps", steps);
                    doc.put("pending", pending);
                    Output.json(out, doc);
                }
            }
        }
        return 0;
    }

    /** Every run uses business keys of its own, so the demo can run again and again on one database. */
    private static String runSuffix() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")) + ThreadLocalRandom.current().nextInt(10, 100);
    }
}
