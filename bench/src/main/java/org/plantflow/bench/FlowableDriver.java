package org.plantflow.bench;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.zaxxer.hikari.HikariDataSource;
import org.flowable.engine.IdentityService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.flowable.task.api.Task;
import org.flowable.task.api.TaskQuery;

/**
 * Flowable 7, standalone ProcessEngineConfiguration (no Spring), on its own schema of the same PostgreSQL.
 * Defaults kept (history level audit, its id generator), except: no async executor (no timers or async steps in
 * the process), IDM engine and event registry off (the users' roles are passed on each query, as plantflow's are).
 */
final class FlowableDriver implements Driver {
    static final String KEY = "bench-fuel-contract";

    private final HikariDataSource pool;
    private final ProcessEngine engine;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final IdentityService identity;
    private final ArrayNode leaders;
    final String historyLevel;
    final String idGenerator;

    FlowableDriver(EmbeddedPg pg, String schema, int poolSize) throws Exception {
        pg.createSchema(schema);
        this.pool = pg.pool(schema, poolSize, false);
        StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
        cfg.setDataSource(SqlCounter.wrap(pool));
        cfg.setDatabaseSchema(schema);
        cfg.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        cfg.setAsyncExecutorActivate(false);
        cfg.setDisableIdmEngine(true);
        cfg.setDisableEventRegistry(true);
        this.engine = cfg.buildProcessEngine();
        this.historyLevel = String.valueOf(cfg.getHistoryLevel());
        this.idGenerator = cfg.getIdGenerator().getClass().getSimpleName();
        this.runtime = engine.getRuntimeService();
        this.tasks = engine.getTaskService();
        this.identity = engine.getIdentityService();
        try (InputStream in = FlowableDriver.class.getResourceAsStream("/bench/flowable/bench-fuel-contract.bpmn20.xml")) {
            engine.getRepositoryService().createDeployment().addInputStream("bench-fuel-contract.bpmn20.xml", in).deploy();
        }
        this.leaders = new ObjectMapper().createArrayNode().add("li.leader").add("wu.leader").add("zhao.leader");
    }

    @Override
    public String name() {
        return "Flowable 7";
    }

    @Override
    public String start(String businessKey) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("amount", AMOUNT);
        vars.put("supplier", "Shenhua");
        vars.put("leaders", leaders);
        identity.setAuthenticatedUserId("zhang.clerk");
        try {
            return runtime.startProcessInstanceByKey(KEY, businessKey, vars).getId();
        } finally {
            identity.setAuthenticatedUserId(null);
        }
    }

    @Override
    public String findTask(Step step, String instanceId) {
        TaskQuery q = tasks.createTaskQuery().taskCandidateOrAssigned(step.user());
        if (!step.roles().isEmpty()) {
            q = q.taskCandidateGroupIn(step.roles());
        }
        for (Task t : q.list()) {
            if (instanceId.equals(t.getProcessInstanceId()) && step.node().equals(t.getTaskDefinitionKey())) {
                return t.getId();
            }
        }
        return null;
    }

    @Override
    public void complete(Step step, String taskId) {
        identity.setAuthenticatedUserId(step.user());
        try {
            tasks.complete(taskId, step.user());
        } finally {
            identity.setAuthenticatedUserId(null);
        }
    }

    @Override
    public String openTasks(String instanceId) {
        return tasks.createTaskQuery().processInstanceId(instanceId).includeIdentityLinks().list().stream()
                .map(t -> t.getTaskDefinitionKey() + " assignee=" + t.getAssignee() + " links=" + t.getIdentityLinks()).toList().toString();
    }

    @Override
    public long finished(String prefix) {
        return Db.count(pool, "select count(*) from act_hi_procinst where end_time_ is not null and business_key_ like '" + prefix + "%'");
    }

    @Override
    public Map<String, Long> historyRows() {
        return Db.rows(pool, Db.tables(pool, "act_hi_%"));
    }

    @Override
    public Map<String, Long> allRows() {
        List<String> t = Db.tables(pool, "act_%");
        return Db.rows(pool, t);
    }

    @Override
    public void close() {
        engine.close();
        pool.close();
    }
}
