package org.plantflow.approval.internal.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.plantflow.approval.ApprovalException;

/**
 * The libraries a host brings itself. They are optional dependencies of plantflow-approval (see pom.xml), so a host
 * does not inherit them: the JDBC driver of its database, HikariCP (for the pool the engine makes when it is given a
 * jdbcUrl, or nothing) and H2 (for the embedded default). The engine checks for them before it makes its pool, so a
 * missing one fails {@code build()} with what to add instead of a {@code NoClassDefFoundError} or a pool error.
 * A host that passes its own {@code DataSource} needs none of them.
 */
public final class OptionalLibraries {
    /** One optional library: a class that proves it is there, its name in words, its Maven coordinates. */
    public record Library(String className, String name, String coordinates) {
    }

    // Maven coordinates, in step with pom.xml (OptionalLibrariesTest compares them)
    public static final Library HIKARI = new Library("com.zaxxer.hikari.HikariDataSource", "HikariCP",
            "com.zaxxer:HikariCP:6.3.0");
    public static final Library H2 = new Library("org.h2.Driver", "H2", "com.h2database:h2:2.3.232");
    public static final Library POSTGRESQL = new Library("org.postgresql.Driver", "the PostgreSQL JDBC driver",
            "org.postgresql:postgresql:42.7.8");
    public static final Library ORACLE = new Library("oracle.jdbc.OracleDriver", "the Oracle JDBC driver",
            "com.oracle.database.jdbc:ojdbc11:23.9.0.25.07");

    private OptionalLibraries() {
    }

    /**
     * Checks what the engine's own pool needs: HikariCP, and the driver of the database the URL names (null: the
     * embedded H2 default). URLs of other databases are left to the pool (their driver is the host's business).
     *
     * @throws ApprovalException naming every missing library and its Maven coordinates
     */
    public static void requireForPool(String jdbcUrl) {
        if (jdbcUrl == null) {
            require("the embedded database (built without dataSource(..) or jdbcUrl(..))", H2, HIKARI);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            require("jdbcUrl(\"jdbc:postgresql:...\")", POSTGRESQL, HIKARI);
        } else if (jdbcUrl.startsWith("jdbc:oracle:")) {
            require("jdbcUrl(\"jdbc:oracle:...\")", ORACLE, HIKARI);
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            require("jdbcUrl(\"jdbc:h2:...\")", H2, HIKARI);
        } else {
            require("jdbcUrl(..)", HIKARI);
        }
    }

    /**
     * Fails unless every library is on this library's class path (where the pool resolves HikariCP, and HikariCP the
     * driver).
     *
     * @param what what needs them, in words: the start of the message
     * @throws ApprovalException naming every missing library and its Maven coordinates
     */
    public static void require(String what, Library... needed) {
        List<Library> missing = new ArrayList<>();
        for (Library l : needed) {
            if (!present(l.className())) {
                missing.add(l);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        boolean one = missing.size() == 1;
        throw new ApprovalException(what + " needs " + join(missing, Library::name) + ", which " + (one ? "is" : "are")
                + " not on the class path (" + join(missing, Library::className) + " not found): add "
                + join(missing, Library::coordinates) + " to the host's dependencies, or give the engine a DataSource"
                + " of your own with ApprovalEngine.builder().dataSource(ds)");
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalLibraries.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String join(List<Library> libraries, Function<Library, String> part) {
        List<String> parts = libraries.stream().map(part).toList();
        return parts.size() == 1 ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
