package org.plantflow.approval.internal.decision;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.plantflow.approval.RuleProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled rules kept on disk between processes: the compiled packages of each KieBase of a rules folder (Drools
 * serializes them, consequences included), keyed by the SHA-256 of every file, the Drools version and the plantflow
 * build. Loading them is several times faster than compiling (no parser, no Java compiler). An entry that cannot be
 * read (corrupt, written by another version) is ignored, deleted and rebuilt; writing is best effort (a temporary
 * file moved into place). The activation's checks run on loaded rules as on compiled ones.
 * <p>
 * An entry is Java serialization, so only a folder no one else can write is read: on POSIX systems the folder must
 * belong to this process's user and not be writable by group or others (it is created so); otherwise the cache is
 * not used (logged) and the rules are compiled.
 */
final class RulesCache {
    private static final Logger LOG = LoggerFactory.getLogger(RulesCache.class);
    private static final String SHARED = "";

    /** What a compile produced: KieBases by template key ({@code ""}: the shared rules) and the warnings. */
    record Entry(Map<String, KieBase> bases, List<RuleProblem> warnings) {
    }

    private final Path dir;

    RulesCache(Path dir) {
        this.dir = dir;
    }

    /** The entry's name: the files' checksums, the Drools version, and this build of plantflow (the fact classes). */
    static String key(List<CompiledRules.RuleFile> files) {
        StringBuilder sb = new StringBuilder("plantflow-rules-cache 1\n");
        sb.append("drools ").append(KieBase.class.getPackage().getImplementationVersion()).append('\n');
        sb.append("drools-core ").append(KnowledgeBaseFactory.class.getPackage().getImplementationVersion()).append('\n');
        sb.append("plantflow ").append(build()).append('\n');
        files.forEach(f -> sb.append(f.path()).append('\0').append(f.sha256()).append('\n'));
        return CompiledRules.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Where the plantflow classes come from, with its size and time: a new build never reads an older build's entry. */
    private static String build() {
        try {
            var source = CompiledRules.class.getProtectionDomain().getCodeSource();
            Path p = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(p)) { // classes folder (development): the fact classes' own time stamps
                p = p.resolve("org/plantflow/approval/facts");
                long newest = 0;
                try (var s = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) s::iterator) {
                        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                    }
                }
                return p + " " + newest;
            }
            return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
        } catch (Exception e) {
            return "unknown " + System.nanoTime(); // no stable key: never reuse an entry
        }
    }

    /** The entry, or null when there is none, it cannot be read (then it is deleted) or the folder is not private. */
    Entry load(String key) {
        Path file = dir.resolve(key + ".kbases");
        if (!Files.isRegularFile(file) || !privateFolder()) {
            return null;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             DroolsObjectInputStream objects = new DroolsObjectInputStream(in, RulesCache.class.getClassLoader())) {
            @SuppressWarnings("unchecked")
            Map<String, List<KiePackage>> packages = (Map<String, List<KiePackage>>) objects.readObject();
            @SuppressWarnings("unchecked")
            List<String[]> warned = (List<String[]>) objects.readObject();
            Map<String, KieBase> bases = new LinkedHashMap<>();
            packages.forEach((k, pkgs) -> {
                InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
                base.addPackages(pkgs);
                bases.put(k, base);
            });
            List<RuleProblem> warnings = new ArrayList<>();
            warned.forEach(w -> warnings.add(new RuleProblem(w[0], Integer.parseInt(w[1]), w[2], w[3])));
            return new Entry(bases, warnings);
        } catch (Exception | LinkageError e) {
            LOG.warn("compiled rules cache {} could not be read ({}); compiling the rules instead", file, e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a later write replaces it
            }
            return null;
        }
    }

    /** Keeps the entry; a failure is logged and otherwise ignored (the next start compiles again). */
    void store(String key, Entry entry) {
        Path file = dir.resolve(key + ".kbases");
        Path tmp = null;
        try {
            if (!Files.exists(dir)) {
                boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
                Files.createDirectories(dir, posix ? new java.nio.file.attribute.FileAttribute<?>[] {
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))}
                        : new java.nio.file.attribute.FileAttribute<?>[0]);
            }
            if (!privateFolder()) {
                return;
            }
            tmp = Files.createTempFile(dir, key, ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
                 ObjectOutputStream objects = new DroolsObjectOutputStream(out)) {
                Map<String, List<KiePackage>> packages = new LinkedHashMap<>();
                entry.bases().forEach((k, b) -> packages.put(k, new ArrayList<>(b.getKiePackages())));
                objects.writeObject(packages);
                List<String[]> warned = new ArrayList<>();
                entry.warnings().forEach(w -> warned.add(new String[] {w.file(), String.valueOf(w.line()), w.rule(), w.message()}));
                objects.writeObject(new ArrayList<>(warned));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception e) {
            LOG.warn("compiled rules could not be cached in {}: {}", dir, e.toString());
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // left for the next write to replace
            }
        }
    }

    /**
     * The scenario rows of the last time the entry's rules passed every activation check in {@code context} (the
     * served template versions and the scenario tables), or null. Kept next to the entry, under the same key and folder
     * rules: whoever could forge this mark could forge the compiled rules themselves.
     */
    Integer checked(String key, String context) {
        Path file = dir.resolve(checkedName(key, context));
        if (!Files.isRegularFile(file) || !privateFolder()) {
            return null;
        }
        try {
            return Integer.valueOf(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Marks the entry's rules as checked in {@code context}; best effort, like {@link #store}. */
    void markChecked(String key, String context, int scenarioRows) {
        try {
            if (!Files.isDirectory(dir) || !privateFolder()) {
                return;
            }
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Files.writeString(tmp, String.valueOf(scenarioRows), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(checkedName(key, context)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("activation checks not remembered in {}: {}", dir, e.toString());
        }
    }

    private static String checkedName(String key, String context) {
        return key + "-" + CompiledRules.sha256((key + "\n" + context).getBytes(StandardCharsets.UTF_8)).substring(0, 32)
                + ".checked";
    }

    /** Whether only this user can write the folder (POSIX: owner is this user, no group or other write). */
    private boolean privateFolder() {
        try {
            if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return true;
            }
            var attributes = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class);
            String me = System.getProperty("user.name");
            var perms = attributes.permissions();
            boolean ok = attributes.owner().getName().equals(me)
                    && !perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            if (!ok) {
                LOG.warn("compiled rules cache {} is not used: it must belong to {} and be writable by no one else "
                        + "(chmod 700 it, or choose another folder)", dir, me);
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    static String shared() {
        return SHARED;
    }

    static Collection<String> templates(Map<String, KieBase> bases) {
        return bases.keySet().stream().filter(k -> !k.equals(SHARED)).toList();
    }
}
