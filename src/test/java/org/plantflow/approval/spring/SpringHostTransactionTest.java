package org.plantflow.approval.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.testsupport.TestPostgres;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine inside a Spring host on a real PostgreSQL: a pass made inside the host's transaction is
 * committed or rolled back with the host's own writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringHostTransactionTest {
    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");

    /** A host application: its DataSource, its transaction manager, and plantflow imported. */
    @Configuration
    @Import(PlantflowConfiguration.class)
    static class Host {
        static DataSource dataSource;

        @Bean
        DataSource dataSource() {
            return dataSource;
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource ds) {
            return new DataSourceTransactionManager(ds);
        }

        /** The host's action for automatic nodes naming approval:action="printContract": a Spring bean of that name. */
        @Bean
        org.plantflow.approval.spi.ApprovalAction printContract(DataSource ds) {
            return ctx -> new JdbcTemplate(ds).update("insert into host_contract values (?, 'PRINTED')", ctx.businessKey());
        }
    }

    private AnnotationConfigApplicationContext context;
    private ApprovalEngine engine;
    private TransactionTemplate hostTx;
    private JdbcTemplate jdbc;

    @BeforeAll
    void startHost() {
        Host.dataSource = TestPostgres.newSchemaDataSource("spring_host");
        context = new AnnotationConfigApplicationContext(Host.class);
        engine = context.getBean(ApprovalEngine.class);
        hostTx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        jdbc = new JdbcTemplate(Host.dataSource);
        jdbc.execute("create table host_contract (contract_no varchar(50) primary key, state varchar(20))");
        engine.deploy(Path.of("src/test/resources/templates/linear-contract.bpmn"));
    }

    @AfterAll
    void stopHost() {
        context.close();
        ((HikariDataSource) Host.dataSource).close();
    }

    @Test
    void when_the_host_rolls_back_the_pass_made_in_its_transaction_is_gone() {
        InstanceView started = engine.start("linear-contract", "FPC-SPRING-1", CLERK.user(), Map.of());
        long task = started.openTasks().get(0).id();

        assertThatThrownBy(() -> hostTx.executeWithoutResult(status -> {
            jdbc.update("insert into host_contract values ('FPC-SPRING-1', 'SUBMITTED')");
            InstanceView passed = engine.pass(task, CLERK, "submitted by the host page");
            assertThat(passed.openTasks().get(0).nodeId()).isEqualTo("fuel_manager_review");
            throw new IllegalStateException("host fails after the pass");
        })).hasMessage("host fails after the pass");

        InstanceView after = engine.instance(started.id());
        assertThat(after.openTasks()).extracting(t -> t.nodeId()).containsExactly("draft");
        assertThat(after.openTasks().get(0).id()).isEqualTo(task);
        assertThat(engine.history(started.id())).extracting(h -> h.action()).containsExactly("START");
        assertThat(jdbc.queryForObject("select count(*) from host_contract", Long.class)).isZero();
    }

    @Test
    void when_the_host_commits_the_pass_is_kept_with_the_host_writes() {
        InstanceView started = engine.start("linear-contract", "FPC-SPRING-2", CLERK.user(), Map.of());
        long task = started.openTasks().get(0).id();
        hostTx.executeWithoutResult(status -> {
            jdbc.update("insert into host_contract values ('FPC-SPRING-2', 'SUBMITTED')");
            engine.pass(task, CLERK, "submitted by the host page");
        });
        assertThat(engine.instance(started.id()).openTasks()).extracting(t -> t.nodeId()).containsExactly("fuel_manager_review");
        assertThat(jdbc.queryForObject("select count(*) from host_contract where contract_no = 'FPC-SPRING-2'", Long.class)).isOne();
    }

    @Test
    void an_automatic_node_runs_the_hosts_action_bean_in_the_same_transaction() {
        engine.deploy(Path.of("src/test/resources/logic/automatic.bpmn"));
        InstanceView i = engine.start("automatic", "FPC-SPRING-4", "someone", Map.of());
        long task = i.openTasks().get(0).id();
        assertThatThrownBy(() -> hostTx.executeWithoutResult(status -> {
            engine.pass(task, Actor.of("wang.manager", "fuel_manager"), null);
            assertThat(jdbc.queryForObject("select count(*) from host_contract where contract_no = 'FPC-SPRING-4'", Long.class)).isOne();
            throw new IllegalStateException("host fails after the pass");
        })).hasMessage("host fails after the pass");
        assertThat(jdbc.queryForObject("select count(*) from host_contract where contract_no = 'FPC-SPRING-4'", Long.class))
                .as("the action's write rolled back with the host").isZero();

        InstanceView after = engine.pass(task, Actor.of("wang.manager", "fuel_manager"), null);
        assertThat(after.openTasks()).extracting(t -> t.nodeId()).containsExactly("archive");
        assertThat(jdbc.queryForObject("select state from host_contract where contract_no = 'FPC-SPRING-4'", String.class))
                .isEqualTo("PRINTED");
    }

    @Test
    void outside_a_host_transaction_each_call_is_its_own_transaction() {
        InstanceView started = engine.start("linear-contract", "FPC-SPRING-3", CLERK.user(), Map.of());
        InstanceView passed = engine.pass(started.openTasks().get(0).id(), CLERK, null);
        assertThat(engine.instance(started.id())).isEqualTo(passed);
    }
}
