package org.plantflow.approval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantflow.approval.testsupport.TestRules;

/**
 * {@code plantflow reload-rules}: compiles a rules folder and reports every compile error as one line
 * {@code error: rule FILE:LINE (rule "NAME"): MESSAGE} with exit 1, or exits 0 when the folder compiles.
 * Run in-process on an in-memory H2 database per test.
 */
class ReloadRulesCommandTest {
    private static int databases;
    private final String url = "jdbc:h2:mem:reload_rules_" + (++databases) + ";DB_CLOSE_DELAY=-1";

    /** error: rule fuel-purchase-contract/bad.drl:7 (rule "some name"): message */
    private static final String ERROR_LINE = "^error: rule [^:\\s]+\\.drl:[1-9]\\d* \\(rule \"[^\"]+\"\\): \\S.*$";

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\n"));
        }
    }

    Run cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--jdbc-url", url, "--db-user", "sa"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PlantflowCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    /** A copy of the shipped rules plus {@code file} with {@code content}. */
    static Path rulesWith(Path dir, String file, String content) throws Exception {
        TestRules.copyTree(Path.of("rules"), dir);
        Path f = dir.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return dir;
    }

    static final String HEADER = """
            package org.plantflow.rules.fuel
            import org.plantflow.approval.facts.*;
            """;

    /**
     * Two broken rules between two good ones: an unknown fact type (line 12) and a consequence that does not
     * compile (Drools reports consequence errors at the rule's declaration, line 17).
     */
    static final String TWO_ERRORS = HEADER + """

            rule "fuel: a good rule before"
            when
                RouteQuestion( nodeId == "draft" )
            then
            end

            rule "fuel: unknown fact type"
            when
                NoSuchFact( amount > 5000000 )
            then
                insert( new Route( "f2", "fuel_manager_review" ) );
            end

            rule "fuel: consequence does not compile"
            when
                RouteQuestion( nodeId == "finance_review" )
            then
                insert( new Route( 1, 2, 3 ) );
            end

            rule "fuel: a good rule after"
            when
                RouteQuestion( nodeId == "general_manager_approval" )
            then
            end
            """;

    @Test
    void a_folder_with_two_broken_rules_exits_1_with_one_line_per_error_naming_file_line_and_rule(@TempDir Path dir) throws Exception {
        Path rules = rulesWith(dir, "fuel-purchase-contract/bad.drl", TWO_ERRORS);
        Run r = cli("reload-rules", "--rules", rules.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).as(r.err()).hasSize(2).allSatisfy(l -> assertThat(l).matches(ERROR_LINE));
        assertThat(r.errLines()).containsExactlyInAnyOrder(
                "error: rule fuel-purchase-contract/bad.drl:12 (rule \"fuel: unknown fact type\"): Unable to resolve ObjectType 'NoSuchFact'",
                "error: rule fuel-purchase-contract/bad.drl:17 (rule \"fuel: consequence does not compile\"): The constructor Route(int, int, int) is undefined");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void a_syntax_error_is_one_line_at_its_line_in_its_rule(@TempDir Path dir) throws Exception {
        Path rules = rulesWith(dir, "fuel-purchase-contract/syntax.drl", HEADER + """

                rule "fuel: big contracts go to the general manager"
                when
                    Variable( name == "amount", number > )
                then
                    insert( new Route( "f4", "general_manager_approval" ) );
                end
                """);
        Run r = cli("reload-rules", "--rules", rules.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).as(r.err()).singleElement().asString().matches(ERROR_LINE)
                .startsWith("error: rule fuel-purchase-contract/syntax.drl:6 (rule \"fuel: big contracts go to the general manager\"): ");
    }

    @Test
    void a_broken_shared_file_is_reported_once_although_every_template_rule_base_compiles_it(@TempDir Path dir) throws Exception {
        Path rules = rulesWith(dir, "common/bad.drl", HEADER.replace("rules.fuel", "rules.common") + """

                rule "common: unknown fact type"
                when
                    NoSuchFact( amount > 5000000 )
                then
                end
                """);
        // two template folders: the shared file is compiled into the shared rule base and into both of theirs
        for (String template : List.of("fuel-purchase-contract", "or-split")) {
            Files.createDirectories(rules.resolve(template));
            Files.writeString(rules.resolve(template + "/ok.drl"), HEADER + """

                    rule "%s: a good rule"
                    when
                        RouteQuestion( nodeId == "draft" )
                    then
                    end
                    """.formatted(template));
        }
        Run r = cli("reload-rules", "--rules", rules.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).as(r.err()).singleElement().asString().matches(ERROR_LINE)
                .startsWith("error: rule common/bad.drl:6 (rule \"common: unknown fact type\"): ");
    }

    @Test
    void a_folder_that_compiles_exits_0_and_names_it(@TempDir Path dir) throws Exception {
        Path rules = rulesWith(dir, "fuel-purchase-contract/route.drl", HEADER + """

                rule "fuel: big contracts skip finance"
                when
                    RouteQuestion( nodeId == "fuel_manager_review" )
                    Variable( name == "amount", number > 5000000 )
                then
                    insert( new Route( null, "general_manager_approval" ) );
                end
                """);
        Run r = cli("reload-rules", "--rules", rules.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip()).matches("rules activated: rules activation \\d+ \\(start\\): \\d+ file\\(s\\) from "
                + java.util.regex.Pattern.quote(rules.toAbsolutePath().toString()) + ", \\d+ scenario row\\(s\\) held, .*");
    }

    @Test
    void without_rules_option_the_built_in_rules_compile() {
        Run r = cli("reload-rules");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).matches("rules activated: rules activation \\d+ \\(start\\): 11 file\\(s\\) from built-in "
                + "rules \\(classpath:plantflow/rules\\), 93 scenario row\\(s\\) held, 0 recorded decision\\(s\\) replayed, 0 now "
                + "decided differently, 0 warning\\(s\\)");
    }
}
