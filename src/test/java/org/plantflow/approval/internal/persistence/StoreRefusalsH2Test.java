package org.plantflow.approval.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ConflictException;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.OptimisticLockException;
import org.plantflow.approval.internal.persistence.Rows.TaskRow;
import org.plantflow.approval.internal.persistence.Rows.TemplateRow;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store's own refusals on H2 (which writes at once, unlike PostgreSQL's held-back writes): the exceptions carry
 * the ids of the rows they are about as fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreRefusalsH2Test {
    private JdbcDataSource ds;
    private ApprovalEngine engine;
    private SqlSessionFactory sessions;
    private JdbcTemplate jdbc;

    @BeforeAll
    void start() {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:store_refusals;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        engine = ApprovalEngine.builder().dataSource(ds).build();
        engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
        sessions = MyBatisSetup.build(ds, new JdbcTransactionFactory(), "h2", null);
        jdbc = new JdbcTemplate(ds);
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void a_stale_task_version_is_refused_with_the_row_and_the_task_instance_and_node_as_fields() {
        InstanceView started = engine.start("linear-contract", "SR-1", "zhang.clerk", Map.of());
        long taskId = started.openTasks().get(0).id();
        try (SqlSession session = sessions.openSession(false)) {
            MyBatisStore store = new MyBatisStore(session);
            TaskRow task = store.task(taskId);
            jdbc.update("update pf_task set version = version + 1 where id = ?", taskId); // another writer won
            task.status = org.plantflow.approval.TaskStatus.COMPLETED;

            assertThatThrownBy(() -> store.updateTask(task))
                    .isInstanceOfSatisfying(OptimisticLockException.class, e -> {
                        assertThat(e.table()).isEqualTo("pf_task");
                        assertThat(e.id()).isEqualTo(taskId);
                        assertThat(e.details()).containsExactly(entry("instanceId", started.id()), entry("taskId", taskId),
                                entry("nodeId", "draft"), entry("table", "pf_task"), entry("rowId", taskId),
                                entry("expectedVersion", 0));
                    })
                    .hasMessage("pf_task row " + taskId + " was changed by a concurrent call (expected version 0); "
                            + "nothing was changed by this call: reload it and try again");
            session.rollback(true);
        }
    }

    @Test
    void a_template_version_deployed_concurrently_is_refused_as_a_conflict_with_the_key_and_version_as_fields() {
        try (SqlSession session = sessions.openSession(false)) {
            MyBatisStore store = new MyBatisStore(session);
            TemplateRow row = new TemplateRow();
            row.templateKey = "linear-contract";
            row.templateVersion = 1; // taken by the deploy in start()
            row.name = "the other deploy";
            row.sourceFile = "linear-contract.bpmn";
            row.sourceXml = "<definitions/>";
            row.checksum = "0".repeat(64);
            row.deployedAt = LocalDateTime.now();

            assertThatThrownBy(() -> store.insertTemplate(row, List.of(), List.of()))
                    .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.details())
                            .containsExactly(entry("templateKey", "linear-contract"), entry("templateVersion", 1)))
                    .hasMessage("template 'linear-contract' version 1 was deployed concurrently by another call; deploy again");
            session.rollback(true);
        }
    }
}
