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
    void starting_the_engine_and_running_the_demo_logs_no_warning() throws Exception {
        String url = "jdbc:h2:mem:quiet" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = org.plantflow.approval.cli.PlantflowCli.run(new String[] {"demo", "--jdbc-url", url, "--db-user", "sa"},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err));
        assertThat(exit).as(err.toString()).isZero();
        try (ApprovalEngine engine = ApprovalEngine.builder().jdbcUrl(url, "sa", "").sweepInterval(Duration.ZERO).build()) {
            assertThat(engine.reloadRules().warnings()).isEmpty();
        }
        assertThat(warnings()).as("warnings logged while the engine started, ran every story and reloaded its rules")
                .isEmpty();
        assertThat(events.list).as("the listener saw the engine's own log lines").isNotEmpty();
    }

    @Test
    void a_warning_from_an_analysts_rule_names_file_and_line() throws Exception {
        Path rules = org.plantflow.approval.testsupport.TestRules.shippedPlus(Files.createTempDirectory("extra-"));
        Files.writeString(rules.resolve("coal-acceptance/extra.drl"), """
                package org.plantflow.rules.coalacceptance.extra

                import org.plantflow.approval.facts.*;

                rule "coal-acceptance: a constraint on the wrong pattern"
                when
                    AssignQuestion( $node : nodeId, $returned : returned )
                    Node( id == $node, $returned == false )
                then
                end
                """);
        try (ApprovalEngine engine = ApprovalEngine.builder()
                .jdbcUrl("jdbc:h2:mem:quiet" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "")
                .rulesDirectory(rules).sweepInterval(Duration.ZERO).build()) {
            assertThat(engine.activeRules().warnings()).isNotEmpty().allSatisfy(w -> {
                assertThat(w.file()).isEqualTo("coal-acceptance/extra.drl");
                assertThat(w.line()).isEqualTo(8);
                assertThat(w.rule()).isEqualTo("coal-acceptance: a constraint on the wrong pattern");
                assertThat(w.message()).contains("$returned is not relevant to this pattern");
            });
        }
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("rules warning: coal-acceptance/extra.drl:8"));
    }
}
