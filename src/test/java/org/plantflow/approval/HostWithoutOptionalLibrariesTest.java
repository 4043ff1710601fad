package org.plantflow.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.testsupport.TestPostgres;

/**
 * The optional dependencies of the library (issue 10, item 9), checked with the engine's classes loaded the way a
 * host without them would: from {@code target/classes}, by a class loader that hides the packages of H2, HikariCP,
 * the JDBC drivers and picocli (everything else comes from the test class path). Building without a DataSource, or
 * with a jdbcUrl, names what to add; building over the host's own DataSource needs none of them.
 */
class HostWithoutOptionalLibrariesTest {
    private static final List<String> EVERY_OPTIONAL_LIBRARY = List.of("org.h2.", "com.zaxxer.hikari.", "org.postgresql.",
            "oracle.jdbc.", "picocli.", "org.springframework.");

    @Test
    void building_without_a_data_source_in_a_host_without_h2_and_hikaricp_names_both_with_their_coordinates() throws Exception {
        HostClassLoader host = new HostClassLoader(EVERY_OPTIONAL_LIBRARY);

        assertThatThrownBy(() -> host.call(() -> build(host, null, null)))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(ApprovalException.class.getName()))
                .hasMessage("the embedded database (built without dataSource(..) or jdbcUrl(..)) needs H2 and HikariCP, which"
                        + " are not on the class path (org.h2.Driver and com.zaxxer.hikari.HikariDataSource not found): add"
                        + " com.h2database:h2:2.3.232 and com.zaxxer:HikariCP:6.3.0 to the host's dependencies, or give the"
                        + " engine a DataSource of your own with ApprovalEngine.builder().dataSource(ds)");
    }

    @Test
    void building_without_a_data_source_in_a_host_with_hikaricp_but_without_h2_names_h2() throws Exception {
        HostClassLoader host = new HostClassLoader(List.of("org.h2."));

        assertThatThrownBy(() -> host.call(() -> build(host, null, null)))
                .hasMessage("the embedded database (built without dataSource(..) or jdbcUrl(..)) needs H2, which is not on the"
                        + " class path (org.h2.Driver not found): add com.h2database:h2:2.3.232 to the host's dependencies,"
                        + " or give the engine a DataSource of your own with ApprovalEngine.builder().dataSource(ds)");
    }

    @Test
    void building_with_a_jdbc_url_in_a_host_without_hikaricp_names_hikaricp() throws Exception {
        HostClassLoader host = new HostClassLoader(List.of("com.zaxxer.hikari."));

        assertThatThrownBy(() -> host.call(() -> build(host, null, "jdbc:postgresql://localhost:1/mis")))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(ApprovalException.class.getName()))
                .hasMessage("jdbcUrl(\"jdbc:postgresql:...\") needs HikariCP, which is not on the class path"
                        + " (com.zaxxer.hikari.HikariDataSource not found): add com.zaxxer:HikariCP:6.3.0 to the host's"
                        + " dependencies, or give the engine a DataSource of your own with ApprovalEngine.builder().dataSource(ds)");
    }

    @Test
    void an_engine_over_the_hosts_own_data_source_runs_without_any_optional_library() throws Exception {
        HostClassLoader host = new HostClassLoader(EVERY_OPTIONAL_LIBRARY);
        assertThatThrownBy(() -> host.loadClass("com.zaxxer.hikari.HikariDataSource")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> host.loadClass("org.h2.Driver")).isInstanceOf(ClassNotFoundException.class);
        DataSource hostDataSource = TestPostgres.newSchemaDataSource("host_without_optionals"); // the host's pool, not the engine's
        try {
            String nodeAfterPass = host.call(() -> {
                Object engine = build(host, hostDataSource, null);
                try {
                    assertThat(engine.getClass().getClassLoader()).isSameAs(host);
                    invoke(engine, "deploy", new Class<?>[] {Path.class}, Path.of("src/test/resources/templates/linear-contract.bpmn"));
                    Object started = invoke(engine, "start", new Class<?>[] {String.class, String.class, String.class, Map.class},
                            "linear-contract", "HOST-1", "zhang.clerk", Map.of());
                    long task = (long) invoke(first(invoke(started, "openTasks", new Class<?>[0])), "id", new Class<?>[0]);
                    Object actor = host.loadClass(Actor.class.getName()).getMethod("of", String.class, String[].class)
                            .invoke(null, "zhang.clerk", new String[] {"fuel_clerk"});
                    Object passed = invoke(engine, "pass", new Class<?>[] {long.class, actor.getClass(), String.class}, task, actor, null);
                    return (String) invoke(first(invoke(passed, "openTasks", new Class<?>[0])), "nodeId", new Class<?>[0]);
                } finally {
                    ((AutoCloseable) engine).close();
                }
            });
            assertThat(nodeAfterPass).isEqualTo("fuel_manager_review");
        } finally {
            ((HikariDataSource) hostDataSource).close();
        }
    }

    /** ApprovalEngine.builder()[.dataSource(ds) | .jdbcUrl(url, ...)].build(), on the host's copy of the classes. */
    private static Object build(HostClassLoader host, DataSource dataSource, String jdbcUrl) throws Exception {
        Object builder = host.loadClass(ApprovalEngine.class.getName()).getMethod("builder").invoke(null);
        if (dataSource != null) {
            builder = invoke(builder, "dataSource", new Class<?>[] {DataSource.class}, dataSource);
        }
        if (jdbcUrl != null) {
            builder = invoke(builder, "jdbcUrl", new Class<?>[] {String.class, String.class, String.class}, jdbcUrl, "mis", "secret");
        }
        return invoke(builder, "build", new Class<?>[0]);
    }

    private static Object invoke(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = target.getClass().getMethod(method, types);
        m.setAccessible(true);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Object first(Object list) {
        return ((List<?>) list).get(0);
    }

    /**
     * The library's classes (target/classes) loaded child-first, the packages of the hidden libraries not at all,
     * everything else from the test class path.
     */
    static final class HostClassLoader extends URLClassLoader {
        private final List<String> hidden;

        HostClassLoader(List<String> hiddenPackages) throws Exception {
            super(new URL[] {ApprovalEngine.class.getProtectionDomain().getCodeSource().getLocation()},
                    HostWithoutOptionalLibrariesTest.class.getClassLoader());
            this.hidden = hiddenPackages;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String p : hidden) {
                if (name.startsWith(p)) {
                    throw new ClassNotFoundException(name + " (not a dependency of this host)");
                }
            }
            if (name.startsWith("org.plantflow.approval.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException notInTheLibrary) {
                            return super.loadClass(name, resolve); // test support classes
                        }
                    }
                    if (resolve) {
                        resolveClass(c);
                    }
                    return c;
                }
            }
            return super.loadClass(name, resolve);
        }

        /** Runs the work with this loader as the thread's context class loader (Drools compiles the rules with it). */
        <T> T call(Callable<T> work) throws Exception {
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(this);
            try {
                return work.call();
            } finally {
                t.setContextClassLoader(before);
            }
        }
    }
}
