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
    void a_cache_directory_that_is_a_file_is_refused_at_build() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApprovalEngine.builder().rulesCacheDirectory(file).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rulesCacheDirectory(" + file + "): is a file, not a folder (" + file + ")");
    }
}
