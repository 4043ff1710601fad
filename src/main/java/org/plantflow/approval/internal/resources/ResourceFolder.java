package org.plantflow.approval.internal.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.plantflow.approval.ApprovalException;

/**
 * One of the engine's data folders (rules, mappers, sql, approval-templates): either a directory the host
 * names, or the copy packaged in the JAR under {@code plantflow/<name>/}. Lists files recursively by suffix.
 */
public final class ResourceFolder {
    private final String description;
    private final Path directory;       // when on the file system
    private final String classpathRoot; // when packaged, e.g. "plantflow/rules"

    private ResourceFolder(String description, Path directory, String classpathRoot) {
        this.description = description;
        this.directory = directory;
        this.classpathRoot = classpathRoot;
    }

    public static ResourceFolder directory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new ApprovalException("folder " + abs + " does not exist or is not a directory; "
                    + "check the path (relative paths are resolved against " + Path.of("").toAbsolutePath() + ")");
        }
        return new ResourceFolder(abs.toString(), abs, null);
    }

    public static ResourceFolder builtIn(String name) {
        return new ResourceFolder("built-in " + name + " (classpath:plantflow/" + name + ")", null, "plantflow/" + name);
    }

    public static ResourceFolder of(Path dirOrNull, String builtInName) {
        return dirOrNull == null ? builtIn(builtInName) : directory(dirOrNull);
    }

    /** A file in the folder, named by its path relative to the folder ("core/routing.drl"). */
    public record Entry(String relativePath, byte[] content) {
    }

    public String description() {
        return description;
    }

    /** Flyway location of a sub folder. */
    public String flywayLocation(String sub) {
        return directory != null ? "filesystem:" + directory.resolve(sub) : "classpath:" + classpathRoot + "/" + sub;
    }

    public List<Entry> list(String suffix) {
        try {
            return directory != null ? listDirectory(suffix) : listClasspath(suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + description + ": " + e.getMessage(), e);
        }
    }

    private List<Entry> listDirectory(String suffix) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList()) {
                out.add(new Entry(directory.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private List<Entry> listClasspath(String suffix) throws IOException {
        ClassLoader cl = ResourceFolder.class.getClassLoader();
        List<Entry> out = new ArrayList<>();
        Enumeration<URL> roots = cl.getResources(classpathRoot);
        while (roots.hasMoreElements()) {
            URL root = roots.nextElement();
            if ("file".equals(root.getProtocol())) {
                Path dir;
                try {
                    dir = Path.of(root.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
                out.addAll(directory(dir).listDirectory(suffix));
            } else if (root.openConnection() instanceof JarURLConnection jar) {
                jar.setUseCaches(false);
                try (JarFile jarFile = jar.getJarFile()) {
                    String prefix = classpathRoot + "/";
                    for (Enumeration<JarEntry> e = jarFile.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (!entry.isDirectory() && entry.getName().startsWith(prefix) && entry.getName().endsWith(suffix)) {
                            try (InputStream in = jarFile.getInputStream(entry)) {
                                out.add(new Entry(entry.getName().substring(prefix.length()), in.readAllBytes()));
                            }
                        }
                    }
                }
            }
        }
        // the same folder may be found under two roots (e.g. a class loader over target/classes below one that has it
        // too): the first root's copy of a path wins, as a class loader's getResource would answer
        java.util.Map<String, Entry> byPath = new java.util.TreeMap<>();
        out.forEach(e -> byPath.putIfAbsent(e.relativePath(), e));
        return new ArrayList<>(byPath.values());
    }

    @Override
    public String toString() {
        return description;
    }
}
