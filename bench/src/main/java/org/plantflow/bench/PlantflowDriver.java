package org.plantflow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.internal.resources.ResourceFolder;

/** plantflow through its public API, on its own schema. */
final class PlantflowDriver implements Driver {
    static final String KEY = "bench-fuel-contract";

    private final HikariDataSource pool;
    private final ApprovalEngine engine;
    private final String schema;
    private final EmbeddedPg pg;

    PlantflowDriver(EmbeddedPg pg, String schema, int poolSize) throws Exception {
        this.pg = pg;
        this.schema = schema;
        pg.createSchema(schema);
        this.pool = pg.pool(schema, poolSize, false);
        this.engine = ApprovalEngine.builder()
                .dataSource(SqlCounter.wrap(pool))
                .databaseId("postgresql")
                .rulesDirectory(rulesFolder())
                .build();
        try (InputStream in = PlantflowDriver.class.getResourceAsStream("/bench/plantflow/bench-fuel-contract.bpmn")) {
            engine.deploy("bench-fuel-contract.bpmn", in.readAllBytes());
        }
    }

    ApprovalEngine engine() {
        return engine;
    }

    DataSource dataSource() {
        return pool;
    }

    /**
     * The rules the engine runs: the library's shipped rules folder (core rules and the shipped templates' rules,
     * as packaged from rules/) plus the benchmark template's routing rule, copied into one temporary folder.
     */
    static Path rulesFolder() throws IOException {
        Path dir = Files.createTempDirectory("plantflow-bench-rules");
        for (ResourceFolder.Entry e : ResourceFolder.builtIn("rules").list(".drl")) {
            Path p = dir.resolve(e.relativePath());
            Files.createDirectories(p.getParent());
            Files.write(p, e.content());
        }
        Path own = dir.resolve(KEY).resolve("routing.drl");
        Files.createDirectories(own.getParent());
        try (InputStream in = PlantflowDriver.class.getResourceAsStream("/bench/plantflow/rules/" + KEY + "/routing.drl")) {
            Files.write(own, in.readAllBytes());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }));
        return dir;
    }

    @Override
    public String name() {
        return "plantflow";
    }

    @Override
    public String start(String businessKey) {
        InstanceView v = engine.start(KEY, businessKey, "zhang.clerk", Map.of("amount", AMOUNT, "supplier", "Shenhua"));
        return Long.toString(v.id());
    }

    @Override
    public String findTask(Step step, String instanceId) {
        long id = Long.parseLong(instanceId);
        for (TaskView t : engine.pendingTasks(step.user(), step.roles())) {
            if (t.instanceId() == id && t.nodeId().equals(step.node())) {
                return Long.toString(t.id());
            }
        }
        return null;
    }

    @Override
    public void complete(Step step, String taskId) {
        engine.pass(Long.parseLong(taskId), Actor.of(step.user(), step.roles()), null);
    }

    /** A pass as a chained loop uses it: returns the instance after the pass. */
    InstanceView pass(long taskId, Step step) {
        return engine.pass(taskId, Actor.of(step.user(), step.roles()), null);
    }

    @Override
    public String openTasks(String instanceId) {
        return engine.instance(Long.parseLong(instanceId)).openTasks().toString();
    }

    @Override
    public long finished(String prefix) {
        return Db.count(pool, "select count(*) from pf_instance where status = 'COMPLETED' and business_key like '" + prefix + "%'");
    }

    @Override
    public Map<String, Long> historyRows() {
        return Db.rows(pool, List.of("pf_history"));
    }

    @Override
    public Map<String, Long> allRows() {
        return Db.rows(pool, List.of("pf_instance", "pf_activation", "pf_task", "pf_task_candidate", "pf_history"));
    }

    @Override
    public void close() {
        engine.close();
        pool.close();
    }
}
