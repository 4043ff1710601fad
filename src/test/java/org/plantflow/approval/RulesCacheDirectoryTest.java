package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: {@code rulesCacheDirectory(..)}: a second start loads the compiled rules, and every activation check holds on them. */
class RulesCacheDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void a_second_start_on_the_same_rules_loads_them_from_the_cache_and_every_scenario_row_holds() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:rules_cache_directory;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Path cache = dir.resolve("cache"); // created by the engine
        RulesActivation first;
        try (ApprovalEngine e = ApprovalEngine.builder().dataSource(h2).sweepInterval(Duration.ZERO)
                .rulesCacheDirectory(cache).build()) {
            first = e.activeRules();
        }
        Path entry;
        try (var files = Files.list(cache)) {
            entry = files.filter(f -> f.toString().endsWith(".kbases")).findFirst().orElseThrow();
        }
        long written = Files.getLastModifiedTime(entry).toMillis();
        byte[] kept = Files.readAllBytes(entry);
        try (ApprovalEngine e = ApprovalEngine.builder().dataSource(h2).sweepInterval(Duration.ZERO)
                .rulesCacheDirectory(cache).build()) {
            assertThat(Files.readAllBytes(entry)).isEqualTo(kept);
            assertThat(Files.getLastModifiedTime(entry).toMillis()).isEqualTo(written);
            RulesActivation second = e.activeRules();
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.scenarioRows()).isEqualTo(first.scenarioRows()).isGreaterThan(90);
            assertThat(second.warnings()).isEqualTo(first.warnings());
        }
    }

    @Test
    void a_start_with_rules_checked_before_skips_the_checks_but_a_changed_scenario_table_is_checked_again() throws Exception {
        Path rules = dir.resolve("rules");
        copy(Path.of("rules"), rules);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:rules_cache_checked;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Path cache = dir.resolve("cache");
        ApprovalEngineBuilder builder = ApprovalEngine.builder().dataSource(h2).sweepInterval(Duration.ZERO)
                .rulesDirectory(rules).rulesCacheDirectory(cache);
        try (ApprovalEngine e = builder.build()) {
            assertThat(e.activeRules().scenarioRows()).isGreaterThan(90);
        }
        try (var files = Files.list(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".checked")).count()).as("checks remembered").isEqualTo(1);
        }
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.plantflow.approval.internal.activation.RulesActivator.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try (ApprovalEngine e = builder.build()) { // remembered: the same report, the checks not run again
            assertThat(e.activeRules().scenarioRows()).isGreaterThan(90);
        } finally {
            log.detachAppender(seen);
        }
        assertThat(seen.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("checked before against the same template versions"));

        // a scenario row now expects what the rules do not answer: the remembered checks do not cover this table
        Path vote = rules.resolve("coal-acceptance/vote.scenarios.csv");
        String table = Files.readString(vote);
        String firstRow = table.lines().filter(l -> !l.startsWith("#") && !l.startsWith("scenario,")).findFirst().orElseThrow();
        String expect = firstRow.substring(firstRow.lastIndexOf(',') + 1);
        String wrong = expect.equals("pass") ? "fail" : "pass";
        Files.writeString(vote, table.replace(firstRow, firstRow.substring(0, firstRow.lastIndexOf(',') + 1) + wrong));
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(RulesInvalidException.class)
                .hasMessageContaining("vote.scenarios.csv");
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void a_cache_directory_that_is_a_file_is_refused_at_build() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApprovalEngine.builder().rulesCacheDirectory(file).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rulesCacheDirectory(" + file + "): is a file, not a folder (" + file + ")");
    }
}
