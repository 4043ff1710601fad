package org.plantflow.approval.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.internal.persistence.OptionalLibraries.Library;

/** The check that a library a host brings itself is there, with a class that does not exist standing in for it. */
class OptionalLibrariesTest {
    private static final Library NO_SUCH_DRIVER = new Library("org.example.NoSuchDriver", "the Example JDBC driver",
            "org.example:example-jdbc:1.0");
    private static final Library NO_SUCH_POOL = new Library("org.example.NoSuchPool", "ExamplePool", "org.example:example-pool:2.0");

    @Test
    void a_missing_library_is_refused_with_its_maven_coordinates_and_the_data_source_way_out() {
        assertThatThrownBy(() -> OptionalLibraries.require("jdbcUrl(\"jdbc:example:...\")", NO_SUCH_DRIVER, OptionalLibraries.HIKARI))
                .isExactlyInstanceOf(ApprovalException.class)
                .hasMessage("jdbcUrl(\"jdbc:example:...\") needs the Example JDBC driver, which is not on the class path"
                        + " (org.example.NoSuchDriver not found): add org.example:example-jdbc:1.0 to the host's dependencies,"
                        + " or give the engine a DataSource of your own with ApprovalEngine.builder().dataSource(ds)");
    }

    @Test
    void every_missing_library_is_named_in_one_message() {
        assertThatThrownBy(() -> OptionalLibraries.require("the embedded database (built without dataSource(..) or jdbcUrl(..))",
                NO_SUCH_DRIVER, NO_SUCH_POOL))
                .hasMessage("the embedded database (built without dataSource(..) or jdbcUrl(..)) needs the Example JDBC driver"
                        + " and ExamplePool, which are not on the class path (org.example.NoSuchDriver and org.example.NoSuchPool"
                        + " not found): add org.example:example-jdbc:1.0 and org.example:example-pool:2.0 to the host's"
                        + " dependencies, or give the engine a DataSource of your own with ApprovalEngine.builder().dataSource(ds)");
    }

    @Test
    void libraries_on_the_class_path_pass_for_every_kind_of_url() {
        for (String url : new String[] {null, "jdbc:postgresql://db/mis", "jdbc:oracle:thin:@db:1521/mis", "jdbc:h2:mem:x", "jdbc:other:x"}) {
            assertThatCode(() -> OptionalLibraries.requireForPool(url)).as(url).doesNotThrowAnyException();
        }
    }

    @Test
    void the_coordinates_given_in_messages_are_the_optional_dependencies_of_pom_xml() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (Library l : List.of(OptionalLibraries.HIKARI, OptionalLibraries.H2, OptionalLibraries.POSTGRESQL, OptionalLibraries.ORACLE)) {
            String[] gav = l.coordinates().split(":");
            Matcher m = Pattern.compile("<groupId>" + Pattern.quote(gav[0]) + "</groupId>\\s*<artifactId>" + Pattern.quote(gav[1])
                    + "</artifactId>\\s*<version>([^<]+)</version>\\s*<optional>true</optional>").matcher(pom);
            assertThat(m.find()).as(l.coordinates() + " as an optional dependency in pom.xml").isTrue();
            assertThat(m.group(1)).as(l.coordinates()).isEqualTo(gav[2]);
            assertThat(OptionalLibraries.present(l.className())).as(l.className() + " names a class of " + l.coordinates()).isTrue();
        }
    }
}
