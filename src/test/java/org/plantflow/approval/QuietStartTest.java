package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An engine start with the shipped rules logs no warning (operators read Drools' warnings as faults). */
class QuietStartTest {
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void listen() {
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void stop() {
        root.detachAppender(events);
    }

    private List<String> warnings() {
        return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Test
    void starting_the_engine_and_running_a_contract_logs_no_warning() throws Exception {
        Path data = Files.createTempDirectory("plantflow-quiet-");
        try (ApprovalEngine engine = ApprovalEngine.builder()
                .jdbcUrl("jdbc:h2:mem:quiet" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "")
                .sweepInterval(Duration.ZERO).build()) {
            engine.deployBuiltInTemplates();
            InstanceView i = engine.start("coal-yard-inventory-adjustment", "Q-1", "yard.clerk", Map.of());
            assertThat(i.openTasks()).isNotEmpty();
            engine.reloadRules();
        }
        assertThat(warnings()).as("warnings logged while the engine started, decided and reloaded its rules").isEmpty();
        assertThat(events.list).as("the listener saw the engine's own log lines").isNotEmpty();
        Files.deleteIfExists(data);
    }

    @Test
    void a_warning_from_an_analysts_rule_names_file_and_line() throws Exception {
        Path rules = org.plantflow.approval.testsupport.TestRules.shippedPlus(Files.createTempDirectory("extra-"));
        Files.writeString(rules.resolve("coal-acceptance/extra.drl"), """
                package org.plantflow.rules.coalacceptance.extra

                import org.plantflow.approval.facts.*;

                rule "coal-acceptance: a rule with an unused import"
                when
                    RouteQuestion( nodeId == "sampling" )
                then
                end
                """.replace("import org.plantflow.approval.facts.*;", "import org.plantflow.approval.facts.*;\nimport java.util.List;\nimport java.util.List;"));
        try (ApprovalEngine engine = ApprovalEngine.builder()
                .jdbcUrl("jdbc:h2:mem:quiet" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "")
                .rulesDirectory(rules).sweepInterval(Duration.ZERO).build()) {
            assertThat(engine.activeRules().warnings()).allSatisfy(w -> {
                assertThat(w.file()).isEqualTo("coal-acceptance/extra.drl");
                assertThat(w.line()).isPositive();
            });
        }
    }
}
