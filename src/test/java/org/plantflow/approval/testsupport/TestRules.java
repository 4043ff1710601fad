package org.plantflow.approval.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A rules folder for a test: the shipped rules/ plus test-only template rules, copied into a fresh temp folder. */
public final class TestRules {
    private TestRules() {
    }

    /** rules/ (core and shipped template folders) plus every folder under {@code extra}. */
    public static Path shippedPlus(Path extra) {
        try {
            Path dir = Files.createTempDirectory("plantflow-rules-");
            copyTree(Path.of("rules"), dir);
            copyTree(extra, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
