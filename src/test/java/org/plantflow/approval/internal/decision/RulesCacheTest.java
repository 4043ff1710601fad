package org.plantflow.approval.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.internal.resources.ResourceFolder;

/** Issue 12: compiled rules kept between processes, keyed by the files' checksums; a bad entry is rebuilt. */
class RulesCacheTest {
    @TempDir
    Path cache;

    private static final ResourceFolder SHIPPED = ResourceFolder.of(Path.of("rules"), "rules");

    /** The core rule "follow the single outgoing flow", through the fuel contract's KieBase (shared + own rules). */
    private static List<Object> route(CompiledRules rules) {
        return rules.decide("fuel-purchase-contract", new RouteQuestion("a", null, null),
                List.of(new Flow("f1", "a", "b", null, false, null))).answers();
    }

    private Path entry() throws Exception {
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".kbases")).findFirst().orElseThrow();
        }
    }

    @Test
    void the_second_compile_of_the_same_files_loads_the_kept_rules_and_decides_as_compiled_ones() throws Exception {
        CompiledRules compiled = CompiledRules.compile(SHIPPED, cache);
        Path entry = entry();
        byte[] kept = Files.readAllBytes(entry);
        assertThat(entry.getFileName().toString()).isEqualTo(RulesCache.key(compiled.files()) + ".kbases");

        CompiledRules loaded = CompiledRules.compile(SHIPPED, cache);
        assertThat(Files.readAllBytes(entry)).isEqualTo(kept); // read, not written again
        assertThat(loaded.templateKeys()).isEqualTo(compiled.templateKeys());
        assertThat(loaded.files()).extracting(CompiledRules.RuleFile::sha256)
                .containsExactlyElementsOf(compiled.files().stream().map(CompiledRules.RuleFile::sha256).toList());
        assertThat(route(loaded)).singleElement().isInstanceOfSatisfying(Route.class,
                r -> assertThat(r.toString()).isEqualTo(route(compiled).get(0).toString()));
    }

    @Test
    void a_corrupt_entry_is_ignored_and_rebuilt() throws Exception {
        CompiledRules.compile(SHIPPED, cache);
        Path entry = entry();
        Files.write(entry, new byte[] {1, 2, 3});
        CompiledRules rules = CompiledRules.compile(SHIPPED, cache);
        assertThat(route(rules)).hasSize(1);
        assertThat(Files.size(entry)).isGreaterThan(1000);
    }

    @Test
    void changed_files_make_another_key() throws Exception {
        CompiledRules rules = CompiledRules.compile(SHIPPED, cache);
        List<CompiledRules.RuleFile> changed = new java.util.ArrayList<>(rules.files());
        CompiledRules.RuleFile first = changed.get(0);
        changed.set(0, new CompiledRules.RuleFile(first.path(), CompiledRules.sha256("other".getBytes()), first.content()));
        assertThat(RulesCache.key(changed)).isNotEqualTo(RulesCache.key(rules.files()));
    }

    @Test
    void a_folder_others_can_write_is_not_used(@TempDir Path parent) throws Exception {
        Path shared = parent.resolve("shared");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        CompiledRules rules = CompiledRules.compile(SHIPPED, shared);
        assertThat(route(rules)).hasSize(1);
        try (var files = Files.list(shared)) {
            assertThat(files).isEmpty();
        }
    }
}
